// Sharding across processes: a stable hash of the stack name picks its owner among n
// shards. Overlapping owners stay safe because the backend locks the stack (busy).
import { createHash } from "node:crypto";
import { UsageError } from "./usage-error.js";

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new UsageError(`--shard ${text}: must be i/n with 0 <= i < n, e.g. 0/3`);
  }
  return { index, count };
}

export function shardOf(stackName: string, count: number): number {
  const digest = createHash("sha256").update(stackName).digest();
  return digest.readUInt32BE(0) % count;
}

export function ownsStack(shard: Shard, stackName: string): boolean {
  return shardOf(stackName, shard.count) === shard.index;
}
