// jest loads globalSetup outside its module mapper, so the TypeScript sources (which import
// `.js` paths, NodeNext style) are loaded through tsx here.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const mod = await tsImport('./global-setup.ts', import.meta.url);
  await mod.default();
}
