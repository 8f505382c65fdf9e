// Types for every operation in src/, generated from the committed schema.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        // Every custom scalar is mapped: codegen fails on one it does not know.
        strictScalars: true,
        scalars: {
          Date: "string", // 2026-03-02
          DateTime: "string", // 2026-03-02T09:30:00+00:00
          JSON: "{ [key: string]: unknown }", // a jurisdiction's `details` object
        },
        // Enums as string unions, so a switch over them can be exhaustive.
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
