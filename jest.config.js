// One project per layer of the test pyramid, plus python (the papermill plugin) and classroom.
// `npm test` runs them all; pick one with `npx jest --selectProjects kernel`. ts-jest transpiles only
// (isolatedModules in tsconfig.test.json); `npm run lint` type-checks.
const transform = {
  "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json", diagnostics: false }],
};
const common = {
  transform,
  testEnvironment: "node",
  moduleFileExtensions: ["ts", "js", "json"],
  roots: ["<rootDir>/tests"],
  modulePathIgnorePatterns: ["<rootDir>/.venv/", "<rootDir>/build/", "<rootDir>/labextension/"],
};

module.exports = {
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.js"],
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/tests/unit/**/*.test.ts"] },
    { ...common, displayName: "kernel", testMatch: ["<rootDir>/tests/kernel/**/*.test.ts"] },
    { ...common, displayName: "notebooks", testMatch: ["<rootDir>/tests/notebooks/**/*.test.ts"] },
    { ...common, displayName: "browser", testMatch: ["<rootDir>/tests/browser/**/*.test.ts"] },
    { ...common, displayName: "python", testMatch: ["<rootDir>/tests/python/**/*.test.ts"] },
    { ...common, displayName: "classroom", testMatch: ["<rootDir>/tests/classroom/**/*.test.ts"] },
  ],
};
