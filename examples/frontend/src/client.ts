// A typed request over GraphQL-over-HTTP: queries by GET (cacheable, what urql
// does by default), mutations by POST, the bearer token on every request.
import type { TypedDocumentString } from "./gql/graphql";

export const API = "http://127.0.0.1:8000/graphql";

export type TokenReason = "missing" | "expired" | "revoked" | "invalid";

export class Unauthenticated extends Error {
  constructor(readonly reason: TokenReason) {
    super(`not signed in: ${reason}`);
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: ReadonlyArray<string | number> | undefined,
  ) {
    super(`${code}: ${message}`);
  }
}

interface GraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; reason?: TokenReason };
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string,
): Promise<TResult> {
  const query = document.toString();
  const isMutation = /^\s*mutation\b/.test(query);
  const headers = {
    Authorization: `Bearer ${token}`,
    Accept: "application/graphql-response+json, application/json",
  };
  const response = isMutation
    ? await fetch(API, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify({ query, variables }),
      })
    : await fetch(
        `${API}?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`,
        { headers },
      );
  const body = (await response.json()) as { data?: TResult | null; errors?: GraphQLError[] };
  const [first] = body.errors ?? [];
  if (first?.extensions?.code === "UNAUTHENTICATED") {
    throw new Unauthenticated(first.extensions.reason ?? "invalid");
  }
  if (body.data == null) {
    throw new ApiError(first?.extensions?.code ?? "INTERNAL_SERVER_ERROR", first?.message ?? "", first?.path);
  }
  // Fields the token's scopes do not reach are null, each with a FORBIDDEN error
  // on its path: the rest of the data stands, so it is returned.
  return body.data;
}
