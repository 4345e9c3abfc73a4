// A translation catalogue as flat "a.b.c" → text entries, for the checks that compare the two
// languages' keys and variables and look for glossary terms across every catalogue.
export type CatalogueTree = { [key: string]: string | CatalogueTree };

export function catalogueEntries(tree: CatalogueTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of catalogueEntries(value, path)) out.set(k, v);
  }
  return out;
}
