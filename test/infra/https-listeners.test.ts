// With a certificate configured, each stack serves HTTPS on 443 and only redirects on 80.
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "./support/recording-mocks.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { SECURITY_GROUP, ingressRules, isOpenToInternet, portsOf } from "./support/security-group-rules.js";
import { readStackConfig } from "./support/stack-config.js";

const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

function listenerOnPort(resources: readonly RecordedResource[], port: number): RecordedResource {
  const listener = resources.find(
    (resource) => resource.type === "aws:lb/listener:Listener" && resource.inputs.port === port,
  );
  expect(listener, `a listener on port ${port}`).toBeDefined();
  return listener as RecordedResource;
}

describe.each(["dev", "prod"])("the %s stack with a certificate", (env) => {
  const stackFile = readStackConfig(env);
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, env, { ...stackFile.values, certificateArn: CERTIFICATE_ARN });
  });

  it("lets the ALB group in on exactly 80 and 443 from the configured CIDRs", () => {
    const cidrs = JSON.parse(String(stackFile.values.albIngressCidrs)) as string[];
    const albGroup = run.resources.find((resource) => resource.name === `${env}-alb-sg`) as RecordedResource;
    expect(ingressRules(albGroup)).toEqual([
      expect.objectContaining({ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: cidrs }),
      expect.objectContaining({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: cidrs }),
    ]);
  });

  it("opens no port to 0.0.0.0/0 other than 80 and 443", () => {
    const groups = run.resources.filter((resource) => resource.type === SECURITY_GROUP);
    const openPorts = new Set(groups.flatMap(ingressRules).filter(isOpenToInternet).flatMap(portsOf));
    expect([...openPorts].filter((port) => port !== 80 && port !== 443)).toEqual([]);
  });

  it("serves HTTPS on 443 with the certificate, forwarding to the app", () => {
    const https = listenerOnPort(run.resources, 443);
    expect(https.inputs).toMatchObject({ protocol: "HTTPS", certificateArn: CERTIFICATE_ARN });
    expect(https.inputs.sslPolicy).toMatch(/^ELBSecurityPolicy-TLS13/);
    expect(https.inputs.defaultActions).toEqual([expect.objectContaining({ type: "forward" })]);
  });

  it("redirects HTTP on 80 to HTTPS instead of serving it", () => {
    const http = listenerOnPort(run.resources, 80);
    expect(http.inputs.defaultActions).toEqual([
      expect.objectContaining({
        type: "redirect",
        redirect: expect.objectContaining({ protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }) as unknown,
      }),
    ]);
  });

  it("creates exactly the two listeners and reports an https URL", () => {
    const listeners = run.resources.filter((resource) => resource.type === "aws:lb/listener:Listener");
    expect(listeners).toHaveLength(2);
    expect(run.outputs.url).toBe(`https://${run.outputs.albDnsName}`);
  });
});
