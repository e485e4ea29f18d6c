// GitHub's page-number pagination: `per_page` (default 30, clamped to a maximum) and `page` select a
// slice; a Link header names the prev, next, last and first pages with the request's other query
// parameters kept, which is what Octokit's `paginate` follows.

export const DEFAULT_PER_PAGE = 30;

export interface PageRequest {
  perPage: number;
  page: number;
}

export interface Page<T> {
  items: T[];
  /** Absent when everything fits on one page. */
  link?: string;
}

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 ? value : undefined;
}

export function pageRequestFrom(query: Record<string, string>, pageSizeMax: number): PageRequest {
  const perPage = Math.min(positiveInt(query["per_page"]) ?? DEFAULT_PER_PAGE, pageSizeMax);
  return { perPage, page: positiveInt(query["page"]) ?? 1 };
}

/** `pageUrl(n)` is the absolute URL of page n. */
export function linkHeader(page: number, lastPage: number, pageUrl: (n: number) => string): string | undefined {
  const links: string[] = [];
  const add = (n: number, rel: string) => links.push(`<${pageUrl(n)}>; rel="${rel}"`);
  if (page > 1) add(Math.min(page - 1, lastPage), "prev");
  if (page < lastPage) add(page + 1, "next");
  if (page < lastPage) add(lastPage, "last");
  if (page > 1) add(1, "first");
  return links.length > 0 ? links.join(", ") : undefined;
}

export interface PageLocation {
  baseUrl: string;
  path: string;
  query: Record<string, string>;
}

export function paginate<T>(items: readonly T[], request: PageRequest, at: PageLocation): Page<T> {
  const lastPage = Math.max(1, Math.ceil(items.length / request.perPage));
  const start = (request.page - 1) * request.perPage;
  const pageUrl = (n: number) => {
    const url = new URL(at.path, at.baseUrl);
    for (const [key, value] of Object.entries(at.query)) url.searchParams.set(key, value);
    url.searchParams.set("page", String(n));
    return url.toString();
  };
  const link = linkHeader(request.page, lastPage, pageUrl);
  const slice = items.slice(start, start + request.perPage);
  return link === undefined ? { items: slice } : { items: slice, link };
}
