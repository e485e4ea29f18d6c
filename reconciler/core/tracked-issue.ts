// A tracking issue as the reconciler knows it: enough to find it again, link to it and tell
// whether its report is current (the drift fingerprint it shows, and since when).
export interface TrackedIssue {
  number: number;
  fingerprint?: string;
  url?: string;
  /** When its drift episode began: opened, or last reopened (ISO 8601). */
  since?: string;
  /** When the drift it shows (its fingerprint) was first shown (ISO 8601, whole seconds). */
  shown?: string;
}

/** A comment the reconciler wrote, by its note key, and when. */
export interface TrackedNote {
  key: string;
  at: string;
  /** The comment's id, where the tracker has one. */
  id?: number;
  /** An answer to a person's command: what was decided from it (core/command-binding.ts). */
  command?: string;
  /** The drift fingerprint its trailer names. */
  fingerprint?: string;
}
