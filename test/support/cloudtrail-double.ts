// A CloudTrail test double over HTTP that speaks CloudTrail's JSON protocol for LookupEvents
// (POST /, X-Amz-Target com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents or its
// short form CloudTrail_20131101.LookupEvents, application/x-amz-json-1.1), accepts only requests SigV4-signed with a known key for its region,
// filters by one lookup attribute and the time range, newest first, pages with NextToken, and
// answers ThrottlingException or AccessDeniedException on demand. Every request and every answer
// is checked against AWS's published CloudTrail service model (test/fixtures/cloudtrail); a
// request that does not fit is answered 400 and recorded with its problems.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { checkShape, type ServiceModel } from "./aws-json-shapes.js";
import { sigV4Problem } from "./sigv4-check.js";

export const cloudTrailModel = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/cloudtrail/lookup-events-model.json", import.meta.url)), "utf8"),
) as ServiceModel & { source: string };

export const lookupEventsTarget = `${cloudTrailModel.metadata.targetPrefix}.LookupEvents`;
/**
 * The same target as the AWS SDK for JavaScript v3 sends it: the Smithy service shape's name (the
 * last part of the model's targetPrefix) and the operation. CloudTrail accepts both forms.
 */
export const lookupEventsShortTarget = `${cloudTrailModel.metadata.targetPrefix.split(".").pop() ?? ""}.LookupEvents`;

/** One recorded CloudTrail event: what the double stores, in the wire shape it answers with. */
export interface StoredEvent {
  EventId: string;
  EventName: string;
  ReadOnly: "true" | "false";
  EventTime: number;
  EventSource?: string;
  Username?: string;
  AccessKeyId?: string;
  Resources?: Array<{ ResourceType?: string; ResourceName?: string }>;
  CloudTrailEvent: string;
}

export interface Exchange {
  target: string;
  request: unknown;
  status: number;
  response: unknown;
  /** What did not fit the model, or the protocol (the signature, the target, the content type). */
  problems: string[];
}

export interface CloudTrailDouble {
  endpoint: string;
  region: string;
  exchanges: Exchange[];
  /** The next `count` lookups are answered with this error. */
  failNext(error: "ThrottlingException" | "AccessDeniedException", count?: number): void;
  close(): Promise<void>;
}

export interface DoubleOptions {
  region?: string;
  keys: Record<string, string>;
  events: StoredEvent[];
}

const errorMessages = {
  ThrottlingException: "Rate exceeded",
  AccessDeniedException: "User is not authorized to perform: cloudtrail:LookupEvents",
} as const;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface LookupRequest {
  LookupAttributes?: Array<{ AttributeKey: string; AttributeValue: string }>;
  StartTime?: number;
  EndTime?: number;
  MaxResults?: number;
  NextToken?: string;
}

/** The page of events a request asks for, newest first, and the token of the next page. */
export function lookupPage(
  events: readonly StoredEvent[],
  request: LookupRequest,
): { Events: StoredEvent[]; NextToken?: string } {
  const [attribute] = request.LookupAttributes ?? [];
  const matches = (e: StoredEvent) => {
    if (!attribute) return true;
    if (attribute.AttributeKey === "ResourceName")
      return (e.Resources ?? []).some((r) => r.ResourceName === attribute.AttributeValue);
    return (e as unknown as Record<string, unknown>)[attribute.AttributeKey] === attribute.AttributeValue;
  };
  const inRange = (e: StoredEvent) =>
    (request.StartTime === undefined || e.EventTime >= request.StartTime) &&
    (request.EndTime === undefined || e.EventTime <= request.EndTime);
  const found = events.filter((e) => matches(e) && inRange(e)).sort((a, b) => b.EventTime - a.EventTime);
  const offset = request.NextToken ? Number(Buffer.from(request.NextToken, "base64url").toString()) : 0;
  const size = request.MaxResults ?? 50;
  const page = found.slice(offset, offset + size);
  const next = offset + size < found.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
  return { Events: page, ...(next ? { NextToken: next } : {}) };
}

export async function startCloudTrailDouble(opts: DoubleOptions): Promise<CloudTrailDouble> {
  const region = opts.region ?? "eu-west-1";
  const exchanges: Exchange[] = [];
  let failures: Array<keyof typeof errorMessages> = [];
  const op = cloudTrailModel.operations["LookupEvents"];

  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    problems: string[],
    target: string,
    request: unknown,
  ) => {
    exchanges.push({ target, request, status, response: body, problems });
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": `req-${exchanges.length}`,
    });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await bodyOf(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    let request: unknown;
    try {
      request = JSON.parse(raw.toString("utf8") || "{}");
    } catch {
      request = undefined;
    }
    const problems: string[] = [];
    if (req.method !== "POST" || req.url !== "/") problems.push(`${req.method} ${req.url}: LookupEvents is POST /`);
    if (target !== lookupEventsTarget && target !== lookupEventsShortTarget)
      problems.push(`X-Amz-Target ${target} is not ${lookupEventsTarget} (or ${lookupEventsShortTarget})`);
    if (req.headers["content-type"] !== "application/x-amz-json-1.1")
      problems.push("content type is not application/x-amz-json-1.1");
    const signature = sigV4Problem(
      { method: req.method ?? "", path: req.url ?? "/", headers: req.headers, body: raw },
      { keys: opts.keys, region, service: "cloudtrail" },
    );
    if (signature) problems.push(`SigV4: ${signature}`);
    if (request === undefined) problems.push("body is not JSON");
    else problems.push(...checkShape(cloudTrailModel, op?.input?.shape ?? "", request));
    if (problems.some((p) => p.startsWith("SigV4")))
      return answer(
        res,
        403,
        { __type: "InvalidSignatureException", message: problems.join("; ") },
        problems,
        target,
        request,
      );
    if (problems.length > 0)
      return answer(
        res,
        400,
        { __type: "ValidationException", message: problems.join("; ") },
        problems,
        target,
        request,
      );
    const failure = failures.shift();
    if (failure) return answer(res, 400, { __type: failure, message: errorMessages[failure] }, [], target, request);
    const page = lookupPage(opts.events, request as LookupRequest);
    answer(res, 200, page, checkShape(cloudTrailModel, op?.output?.shape ?? "", page), target, request);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region,
    exchanges,
    failNext: (error, count = 1) => {
      failures = [...failures, ...Array.from({ length: count }, () => error)];
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** A write or read event on a resource, as CloudTrail records it (its CloudTrailEvent document included). */
export function cloudTrailEvent(parts: {
  id: string;
  name: string;
  at: string;
  resource: string;
  readOnly?: boolean;
  arn: string;
  issuer?: string;
  sourceIp?: string;
  userAgent?: string;
}): StoredEvent {
  const identity = parts.issuer
    ? { type: "AssumedRole", arn: parts.arn, sessionContext: { sessionIssuer: { type: "Role", arn: parts.issuer } } }
    : { type: "IAMUser", arn: parts.arn };
  const readOnly = parts.readOnly ?? false;
  return {
    EventId: parts.id,
    EventName: parts.name,
    ReadOnly: readOnly ? "true" : "false",
    EventTime: Date.parse(parts.at) / 1000,
    EventSource: "ec2.amazonaws.com",
    Username: parts.arn.split("/").pop() ?? parts.arn,
    Resources: [{ ResourceType: "AWS::EC2::SecurityGroup", ResourceName: parts.resource }],
    CloudTrailEvent: JSON.stringify({
      eventVersion: "1.09",
      userIdentity: identity,
      eventTime: parts.at,
      eventSource: "ec2.amazonaws.com",
      eventName: parts.name,
      sourceIPAddress: parts.sourceIp ?? "198.51.100.7",
      userAgent: parts.userAgent ?? "aws-cli/2.15.0",
      readOnly,
      eventID: parts.id,
    }),
  };
}
