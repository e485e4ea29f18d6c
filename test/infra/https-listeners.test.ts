// A production stack serves HTTPS only: 443 with a current TLS policy, and 80 only redirects there.
// The prod stack file as committed, and the dev stack given a certificate, behave the same way.
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "./support/recording-mocks.js";
import { ofType } from "./support/resource-queries.js";
import { runInfra, type InfraRun } from "./support/run-infra.js";
import { SECURITY_GROUP, ingressRules, isOpenToInternet, portsOf } from "./support/security-group-rules.js";
import { readStackConfig } from "./support/stack-config.js";

const DEV_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

const LISTENER = "aws:lb/listener:Listener";
/** TLS 1.3 and 1.2 with the restricted (AEAD, forward-secret) cipher list, and hybrid post-quantum key exchange. */
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

function listenerOnPort(resources: readonly RecordedResource[], port: number): RecordedResource {
  const listener = ofType(resources, LISTENER).find((resource) => resource.inputs.port === port);
  expect(listener, `a listener on port ${port}`).toBeDefined();
  return listener as RecordedResource;
}

const cases = [
  { name: "the prod stack as committed", env: "prod", overrides: {}, hsts: "max-age=31536000" },
  {
    name: "the dev stack with a certificate",
    env: "dev",
    overrides: { certificateArn: DEV_CERTIFICATE_ARN },
    hsts: undefined,
  },
];

describe.each(cases)("$name", ({ env, overrides, hsts }) => {
  const stackFile = readStackConfig(env);
  const values = { ...stackFile.values, ...overrides };
  const certificateArn = String(values.certificateArn);
  let run: InfraRun;

  beforeAll(async () => {
    run = await runInfra(stackFile.project, env, values, stackFile.region);
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
    const groups = ofType(run.resources, SECURITY_GROUP);
    const openPorts = new Set(groups.flatMap(ingressRules).filter(isOpenToInternet).flatMap(portsOf));
    expect([...openPorts].filter((port) => port !== 80 && port !== 443)).toEqual([]);
  });

  it("serves HTTPS on 443 with the certificate and the TLS 1.3/1.2 restricted policy, forwarding to the app", () => {
    const https = listenerOnPort(run.resources, 443);
    expect(https.inputs).toMatchObject({ protocol: "HTTPS", certificateArn, sslPolicy: TLS_POLICY });
    expect(https.inputs.defaultActions).toEqual([expect.objectContaining({ type: "forward" })]);
  });

  it(
    hsts === undefined
      ? "sends no Strict-Transport-Security header outside production"
      : "tells browsers to keep to HTTPS for a year (HSTS on the HTTPS listener)",
    () => {
      const https = listenerOnPort(run.resources, 443);
      expect(https.inputs.routingHttpResponseStrictTransportSecurityHeaderValue).toBe(hsts);
      const http = listenerOnPort(run.resources, 80);
      expect(http.inputs.routingHttpResponseStrictTransportSecurityHeaderValue).toBeUndefined();
    },
  );

  it("redirects HTTP on 80 to HTTPS instead of serving it", () => {
    const http = listenerOnPort(run.resources, 80);
    expect(http.inputs.defaultActions).toEqual([
      expect.objectContaining({
        type: "redirect",
        redirect: expect.objectContaining({ protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }) as unknown,
      }),
    ]);
  });

  it("forwards no plain-HTTP listener to the app, and reports an https URL", () => {
    const listeners = ofType(run.resources, LISTENER);
    expect(listeners).toHaveLength(2);
    const plainForwards = listeners.filter(
      (listener) =>
        listener.inputs.protocol === "HTTP" &&
        (listener.inputs.defaultActions as { type: string }[]).some((action) => action.type === "forward"),
    );
    expect(plainForwards).toEqual([]);
    expect(run.outputs.url).toBe(`https://${run.outputs.albDnsName}`);
  });
});
