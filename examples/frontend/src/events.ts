// A case's events as they happen, over graphql-ws. Browsers cannot set headers on
// a WebSocket: the token goes in connection_init, and 4401 means sign in again.
import { createClient } from "graphql-ws";
import { API } from "./client";
import { graphql } from "./gql";
import type { CaseEventsSubscription } from "./gql/graphql";

const CaseEvents = graphql(`
  subscription CaseEvents($caseId: ID!) {
    caseEvents(caseId: $caseId) { at eventKind summary actor { name } }
  }
`);

export function follow(
  token: () => string,
  caseId: string,
  onEvent: (event: CaseEventsSubscription["caseEvents"]) => void,
  onSignedOut: (reason: string) => void,
): () => void {
  const client = createClient({
    url: API.replace(/^http/, "ws"),
    connectionParams: () => ({ Authorization: `Bearer ${token()}` }),
    on: {
      closed: (event) => {
        const { code, reason } = event as CloseEvent;
        if (code === 4401) onSignedOut(reason); // "Unauthorized: expired", ...
      },
    },
  });
  return client.subscribe<CaseEventsSubscription, { caseId: string }>(
    { query: CaseEvents.toString(), variables: { caseId } },
    {
      next: ({ data }) => data && onEvent(data.caseEvents),
      error: () => undefined,
      complete: () => undefined,
    },
  );
}
