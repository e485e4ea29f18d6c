// A stack's identity: the backend holding its state, its project and its name. Two stacks may
// share a name (`prod` in two projects), or a project and a name (on two backends); nothing that
// looks a stack up, keeps something per stack or shows one may confuse them. Plain data.
import { redactBackendUrl } from "./redact.js";

export interface StackId {
  /** The backend URL without credentials (core/redact.ts): safe to show and to keep on disk. */
  backend: string;
  project: string;
  stack: string;
}

/** `project/stack`: how people name a stack (`--stack`, issue titles and markers, notifications, pages). */
export function stackPath(id: Pick<StackId, "project" | "stack">): string {
  return `${id.project}/${id.stack}`;
}

/** The key of whatever is kept per stack, in memory or in audit.dir: backend, project and name. */
export function stackKey(id: StackId): string {
  return `${id.backend} ${stackPath(id)}`;
}

/** A configured stack's identity; `project` once known (the config's stack checks fill it in). */
export function stackIdOf(stack: { backend: string; name: string; project?: string | undefined }): StackId {
  if (stack.project === undefined) {
    throw new Error(`stack "${stack.name}": its project is not known until the config's stack checks ran`);
  }
  return { backend: redactBackendUrl(stack.backend), project: stack.project, stack: stack.name };
}

/** A stack as the audit trail knows it (project/stack), or by its whole identity. */
export type StackRef = Pick<StackId, "project" | "stack"> & { backend?: string };

/** Whether the configured stack is the one `ref` names. */
export function isStack(
  stack: { backend: string; name: string; project?: string | undefined },
  ref: StackRef,
): boolean {
  return (
    stack.name === ref.stack &&
    stack.project === ref.project &&
    (ref.backend === undefined || redactBackendUrl(stack.backend) === ref.backend)
  );
}
