// What every route handler gets besides the request: the state, how to render it, who is calling.
import type { Accounts, Caller } from "./accounts.js";
import type { ApiResponse } from "./api-response.js";
import { notFound } from "./api-response.js";
import { issueNumber } from "./input.js";
import { pageRequestFrom, paginate } from "./pagination.js";
import type { RepoRenderContext } from "./render.js";
import type { RoleBook } from "./roles.js";
import type { IssueStore, StoredComment, StoredIssue, StoredRepo } from "./store.js";

export interface RouteDeps {
  store: IssueStore;
  render: RepoRenderContext;
  roles: RoleBook;
  /** Login of the authenticated token's account: the author of what it creates. */
  login: string;
  /** Who the request acts as: a token's account, or the App itself (its JSON web token). */
  caller: Caller;
  accounts: Accounts;
  now: () => Date;
  pageSizeMax: number;
}

export interface PagedRequest {
  path: string;
  query: Record<string, string>;
}

/** 200 with one page of `items` and, when there are more pages, GitHub's Link header. */
export function pagedResponse(request: PagedRequest, deps: RouteDeps, items: readonly unknown[]): ApiResponse {
  const page = paginate(items, pageRequestFrom(request.query, deps.pageSizeMax), {
    baseUrl: deps.render.baseUrl,
    path: request.path,
    query: request.query,
  });
  return { status: 200, body: page.items, headers: page.link === undefined ? {} : { link: page.link } };
}

export function findIssue(repo: StoredRepo, numberText: string): StoredIssue {
  const wanted = issueNumber(numberText);
  const issue = repo.issues.find((i) => i.number === wanted);
  if (!issue) throw notFound();
  return issue;
}

export function findComment(deps: RouteDeps, repo: StoredRepo, idText: string): StoredComment {
  const comment = deps.store.findComment(repo, issueNumber(idText));
  if (!comment) throw notFound();
  return comment;
}
