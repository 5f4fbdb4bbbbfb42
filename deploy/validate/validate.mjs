// Validates the Kubernetes manifests offline against the Kubernetes API's JSON schemas (kubernetes-models, ajv).
// cd deploy/validate && npm ci && node validate.mjs ../*.yaml   (types, enums and required fields; the unit test
// DeployManifestsTest adds unknown-field and cross-manifest checks)
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
const files = process.argv.slice(2);
let failed = 0, checked = 0;
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const obj = doc.toJS();
    if (!obj || obj.kind === "Kustomization") continue;
    const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
    const path = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
    const mod = await import(path);
    const Cls = mod[obj.kind];
    if (!Cls) { console.log(`FAIL ${file} ${obj.kind}: no model for ${obj.apiVersion}`); failed++; continue; }
    try { new Cls(obj).validate(); checked++; console.log(`ok   ${file} ${obj.apiVersion} ${obj.kind} ${obj.metadata.name}`); }
    catch (e) { failed++; console.log(`FAIL ${file} ${obj.kind} ${obj.metadata?.name}: ${e.message}`); }
  }
}
console.log(`${checked} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
