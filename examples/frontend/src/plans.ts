// A mutation and its userErrors, branched on exhaustively.
import { request } from "./client";
import { graphql } from "./gql";
import type { UserErrorCode } from "./gql/graphql";

const CreatePlan = graphql(`
  mutation CreatePlan($input: CreatePlanInput!) {
    createPlan(input: $input) {
      plan { id version status }
      userErrors { errorCode field message rule { code legalReference severity } }
    }
  }
`);

/** What to tell the person at the keyboard. A new code fails `tsc --strict` here. */
export function explain(code: UserErrorCode, message: string): string {
  switch (code) {
    case "INVALID_INPUT":
      return `Check this field: ${message}`;
    case "NOT_FOUND":
      return "It is gone, or you may not see it.";
    case "NOT_ALLOWED":
      return "Your role on the case may not do this.";
    case "INVALID_STATE":
      return `Not possible right now: ${message}`;
    case "RULE_VIOLATION":
      return `A rule stops it: ${message}`;
    case "INVALID_NATIONAL_ID":
      return "The national id is not valid.";
    case "INVALID_ORGANISATION_NUMBER":
      return "The organisation number is not valid.";
    case "UNKNOWN_JURISDICTION":
      return "That jurisdiction is not installed.";
    case "ALREADY_EXISTS":
      return "It exists already.";
    case "UNSAFE_URL":
      return "That address cannot receive webhooks (https to a public host only).";
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

export async function draftPlan(token: string, caseId: string, title: string): Promise<string[]> {
  const { createPlan } = await request(
    CreatePlan,
    {
      input: {
        caseId,
        title,
        steps: [{ startDate: "2026-03-02", endDate: "2026-03-29", workPercent: 50 }],
      },
    },
    token,
  );
  return createPlan.userErrors.map((error) => {
    const where = error.field?.join(".") ?? "";
    const law = error.rule?.legalReference ? ` (${error.rule.legalReference})` : "";
    return `${where} ${explain(error.errorCode, error.message)}${law}`.trim();
  });
}
