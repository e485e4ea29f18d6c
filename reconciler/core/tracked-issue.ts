// A tracking issue as the reconciler knows it: enough to find it again, link to it and tell
// whether its report is current (the drift fingerprint it shows).
export interface TrackedIssue {
  number: number;
  fingerprint?: string;
  url?: string;
}
