// GitHub's `author_association` on a comment: how its author relates to the repository, as GitHub
// tells it with the comment itself. It can say that someone cannot have write access (no owner,
// member or collaborator), never that someone has it (an organization member may only read): only
// the permission lookup says that (audit/read-commands.ts). Untrusted input: anything but the
// values GitHub documents counts as unknown. Pure.
import { z } from "zod";

export const authorAssociationSchema = z.enum([
  "OWNER",
  "MEMBER",
  "COLLABORATOR",
  "CONTRIBUTOR",
  "FIRST_TIMER",
  "FIRST_TIME_CONTRIBUTOR",
  "MANNEQUIN",
  "NONE",
]);

export type AuthorAssociation = z.infer<typeof authorAssociationSchema>;

/** The associations of people who cannot have write access to the repository. */
export const withoutWriteAccess: readonly AuthorAssociation[] = [
  "CONTRIBUTOR",
  "FIRST_TIMER",
  "FIRST_TIME_CONTRIBUTOR",
  "MANNEQUIN",
  "NONE",
];

/** The value GitHub sent, when it is one GitHub documents; undefined for anything else. */
export function authorAssociationOf(value: unknown): AuthorAssociation | undefined {
  const parsed = authorAssociationSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Whether the association alone rules out write access, so the permission lookup can be skipped.
 * Unknown (missing, or a value GitHub may add later) never does: the lookup decides.
 */
export function cannotWrite(association: AuthorAssociation | undefined): boolean {
  return association !== undefined && withoutWriteAccess.includes(association);
}
