import { XMLBuilder } from 'fast-xml-parser';

/** The two formats of every endpoint: the resource's extension picks one (`services.xml`). */
export const OPEN311_FORMATS = ['xml', 'json'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export const XML_TYPE = 'text/xml; charset=utf-8';

/**
 * The format a request asked for, from its path's extension. Without one (an unknown path under
 * /open311/v2) the standard's default: XML.
 */
export function formatOf(url: string): Open311Format {
  const path = url.split('?', 1)[0]!;
  return path.endsWith('.json') ? 'json' : 'xml';
}

/** The element of each item of a list, by the list's element name (the standard's names). */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

// XML 1.0 cannot carry C0 control characters other than tab, newline and carriage return (NUL is
// refused at the door; the others would make the whole document unreadable to a client).
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function toNodes(name: string, value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item';
    return { [item]: value.map((v) => toNodes(item, v)) };
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toNodes(k, v)]));
  }
  return String(value).replace(NOT_XML, '');
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/**
 * A response as the standard's XML: `root` is the document element (`services`,
 * `service_requests`, `errors`, `service_definition`, `discovery`); lists become one element per
 * item (`<service_requests><request>…</request></service_requests>`); null becomes an empty
 * element, as in the standard's examples.
 */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: toNodes(root, value) }) as string}`;
}
