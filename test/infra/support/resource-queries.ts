import { expect } from "vitest";
import type { RecordedResource } from "./recording-mocks.js";

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** The only resource of `type`; fails the test when there are none or several. */
export function single(resources: readonly RecordedResource[], type: string): RecordedResource {
  const matches = ofType(resources, type);
  expect(matches, `exactly one ${type}`).toHaveLength(1);
  return matches[0] as RecordedResource;
}

/** The resource of `type` with the logical name `name`; fails the test when there is none. */
export function named(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
  const match = ofType(resources, type).find((resource) => resource.name === name);
  expect(match, `${type} named ${name}`).toBeDefined();
  return match as RecordedResource;
}

/** A JSON document input (a policy, container definitions) parsed back into data. */
export function jsonInput<T = Record<string, unknown>>(resource: RecordedResource, input: string): T {
  return JSON.parse(String(resource.inputs[input])) as T;
}
