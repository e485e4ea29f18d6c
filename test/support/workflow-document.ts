// A GitHub Actions workflow read by GitHub's own parser (@actions/workflow-parser): the schema
// errors, the converted template (events, jobs, steps) and, for what the template leaves out
// (permissions, a step's `with`), the parsed document as plain data.
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from "@actions/workflow-parser";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import type { Job, Step } from "@actions/workflow-parser/model/workflow-template";

export interface ParsedWorkflow {
  /** Schema and expression errors, then conversion errors (e.g. an unknown `needs`). */
  errors: string[];
  template: WorkflowTemplate;
  /** The document as plain data; expressions become "${{ expr }}" strings. */
  document: Record<string, unknown>;
}

type Serialized =
  | string
  | number
  | boolean
  | null
  | undefined
  | { map: { Key: Serialized; Value: Serialized }[] }
  | { seq: Serialized[] }
  | { expr: string };

function toPlain(value: Serialized): unknown {
  if (value === null || typeof value !== "object") return value;
  if ("expr" in value) return `\${{ ${value.expr} }}`;
  if ("seq" in value) return value.seq.map(toPlain);
  return Object.fromEntries(value.map.map(({ Key, Value }) => [String(toPlain(Key)), toPlain(Value)]));
}

/** A token as plain data (objects, arrays, scalars; expressions as "${{ expr }}"). */
export function plain(token: TemplateToken | undefined): unknown {
  return token === undefined ? undefined : toPlain(JSON.parse(JSON.stringify(token)) as Serialized);
}

export async function parseWorkflowText(name: string, content: string): Promise<ParsedWorkflow> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (!result.value) throw new Error(`${name}: nothing parsed${errors.length > 0 ? `: ${errors.join("; ")}` : ""}`);
  const template = await convertWorkflowTemplate(result.context, result.value);
  const converted = (template.errors ?? []).map((e) => e.Message).filter((m) => !errors.includes(m));
  return { errors: [...errors, ...converted], template, document: plain(result.value) as Record<string, unknown> };
}

export function jobNamed(workflow: ParsedWorkflow, id: string): Job {
  const job = workflow.template.jobs.find((j) => j.id.value === id);
  if (!job || job.type !== "job") throw new Error(`workflow has no job "${id}"`);
  return job;
}

/** The job's section of the document as plain data (permissions, env, …). */
export function jobDocument(workflow: ParsedWorkflow, id: string): Record<string, unknown> {
  const jobs = workflow.document["jobs"] as Record<string, Record<string, unknown>> | undefined;
  const job = jobs?.[id];
  if (!job) throw new Error(`workflow has no job "${id}"`);
  return job;
}

export function runScript(step: Step): string | undefined {
  return "run" in step ? String(plain(step.run)) : undefined;
}

export function usesOf(step: Step): string | undefined {
  return "uses" in step ? step.uses.value : undefined;
}
