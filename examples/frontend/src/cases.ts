// A caseload page by page (both ways), one case by its reference, and its timeline.
import { request } from "./client";
import { graphql } from "./gql";
import type { CaseEventKind, CaseloadQuery } from "./gql/graphql";

const Caseload = graphql(`
  query Caseload($first: Int, $after: String, $last: Int, $before: String) {
    cases(first: $first, after: $after, last: $last, before: $before,
          orderBy: { field: NEXT_DUE_DATE, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id reference status phase sickLeaveStart openedAt } }
    }
  }
`);

const CaseByReference = graphql(`
  query CaseByReference($reference: String!) {
    caseByReference(reference: $reference) {
      id
      reference
      events(last: 20) { edges { node { at eventKind kind summary } } }
    }
  }
`);

export type CaseRow = NonNullable<CaseloadQuery["cases"]>["edges"][number]["node"];

/** Every case the reader may see, 50 at a time. */
export async function everyCase(token: string): Promise<CaseRow[]> {
  const found: CaseRow[] = [];
  let after: string | null = null;
  for (;;) {
    const page: CaseloadQuery = await request(Caseload, { first: 50, after }, token);
    const cases = page.cases;
    if (!cases) return found; // the token lacks cases:read
    found.push(...cases.edges.map((edge) => edge.node));
    if (!cases.pageInfo.hasNextPage) return found;
    after = cases.pageInfo.endCursor ?? null;
  }
}

/** The page before the one that started at `startCursor`. */
export async function previousPage(token: string, startCursor: string): Promise<CaseRow[]> {
  const { cases } = await request(Caseload, { last: 20, before: startCursor }, token);
  return cases?.edges.map((edge) => edge.node) ?? [];
}

/** What a timeline row says; plugins add kinds, so there is a default. */
export function headline(kind: CaseEventKind, summary: string): string {
  switch (kind) {
    case "CASE_OPENED":
      return "Case opened";
    case "PLAN_ACTIVATED":
      return "New plan in force";
    case "CASE_CLOSED":
      return "Case closed";
    default:
      return summary;
  }
}

/** For a route like /cases/SE-2026-000123. */
export async function timeline(token: string, reference: string): Promise<string[]> {
  const { caseByReference } = await request(CaseByReference, { reference }, token);
  if (!caseByReference) return []; // no such case, or not one the reader may see
  return caseByReference.events.edges.map(({ node }) => `${node.at}: ${headline(node.eventKind, node.summary)}`);
}
