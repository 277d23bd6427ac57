// Compiles the portal's Sass (GOV.UK Frontend + MOJ Frontend) and copies the assets and scripts they need
// into frontend/build/, which Django serves as static files. The output is generated, never committed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "build");
const modules = join(here, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(here, "..", "static", "scss", "portal.scss"), {
  loadPaths: [here],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "portal.css"), result.css);

// One assets folder for both frameworks, at the path the Sass settings point to.
cpSync(join(modules, "govuk-frontend/dist/govuk/assets"), join(out, "govuk/assets"), { recursive: true });
cpSync(join(modules, "@ministryofjustice/frontend/moj/assets"), join(out, "govuk/assets"), { recursive: true });

// ES modules, without their source maps (collectstatic would chase the missing .map references).
for (const [from, to] of [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj-frontend.min.js"],
]) {
  cpSync(join(modules, from), join(out, "js", to));
}
for (const file of ["govuk-frontend.min.js", "moj-frontend.min.js"]) {
  const path = join(out, "js", file);
  const text = (await import("node:fs")).readFileSync(path, "utf8").replace(/\/\/# sourceMappingURL=.*$/m, "");
  writeFileSync(path, text);
}
console.log(`front end built in ${out}`);
