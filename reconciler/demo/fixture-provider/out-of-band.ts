// Changes to the local cloud made behind Pulumi's back, the way a person in a console would.
import { deleteRecord, findByName, writeRecord, type CloudRecord } from "./cloud-store.js";
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

export function addIngressRule(
  cloudDir: string,
  securityGroupName: string,
  rule: SecurityGroupRule = sshFromAnywhere,
): void {
  const sg = mustFind(cloudDir, "securitygroup", securityGroupName);
  const ingress = Array.isArray(sg["ingress"]) ? (sg["ingress"] as SecurityGroupRule[]) : [];
  writeRecord(cloudDir, { ...sg, ingress: [...ingress, rule] });
}

export function changeProperty(cloudDir: string, kind: string, name: string, property: string, value: unknown): void {
  writeRecord(cloudDir, { ...mustFind(cloudDir, kind, name), [property]: value });
}

export function deleteResource(cloudDir: string, kind: string, name: string): void {
  deleteRecord(cloudDir, kind, mustFind(cloudDir, kind, name).id);
}

export function getResource(cloudDir: string, kind: string, name: string): CloudRecord | undefined {
  return findByName(cloudDir, kind, name);
}
