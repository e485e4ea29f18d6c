// Changes to the local cloud made behind Pulumi's back, the way a person in a console would. Each
// is written to the cloud's activity log (activity-log.ts) with who made it: `who.actor`, or the
// OS user.
import { deleteRecord, findByName, writeRecord, type CloudRecord } from "./cloud-store.js";
import { appendActivity, type Actor } from "./activity-log.js";
import type { SecurityGroupRule } from "./resources.js";

export const sshFromAnywhere: SecurityGroupRule = {
  protocol: "tcp",
  fromPort: 22,
  toPort: 22,
  cidrBlocks: ["0.0.0.0/0"],
};

function mustFind(cloudDir: string, kind: string, name: string): CloudRecord {
  const record = findByName(cloudDir, kind, name);
  if (!record) throw new Error(`no ${kind} named ${name} in ${cloudDir}`);
  return record;
}

function logged(cloudDir: string, record: CloudRecord, action: string, who: Actor): void {
  const name = typeof record["name"] === "string" ? record["name"] : undefined;
  appendActivity(cloudDir, { action, kind: record.kind, id: record.id, ...(name ? { name } : {}) }, who);
}

export function addIngressRule(
  cloudDir: string,
  securityGroupName: string,
  rule: SecurityGroupRule = sshFromAnywhere,
  who: Actor = {},
): void {
  const sg = mustFind(cloudDir, "securitygroup", securityGroupName);
  const ingress = Array.isArray(sg["ingress"]) ? (sg["ingress"] as SecurityGroupRule[]) : [];
  writeRecord(cloudDir, { ...sg, ingress: [...ingress, rule] });
  logged(cloudDir, sg, "AuthorizeSecurityGroupIngress", who);
}

export function changeProperty(
  cloudDir: string,
  kind: string,
  name: string,
  property: string,
  value: unknown,
  who: Actor = {},
): void {
  const record = mustFind(cloudDir, kind, name);
  writeRecord(cloudDir, { ...record, [property]: value });
  logged(cloudDir, record, `Modify ${property}`, who);
}

export function deleteResource(cloudDir: string, kind: string, name: string, who: Actor = {}): void {
  const record = mustFind(cloudDir, kind, name);
  deleteRecord(cloudDir, kind, record.id);
  logged(cloudDir, record, `Delete ${kind}`, who);
}

export function getResource(cloudDir: string, kind: string, name: string): CloudRecord | undefined {
  return findByName(cloudDir, kind, name);
}
