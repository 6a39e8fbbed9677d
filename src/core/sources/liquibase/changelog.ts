import sax from 'sax';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { HostError, HostSpan } from '../adapter';

/*
 * A Liquibase changelog, XML or YAML/JSON, read into one tree of elements so one translator
 * serves every format: `<addColumn tableName="t"><column name="c" …/></addColumn>` and
 * `- addColumn: {tableName: t, columns: [{column: {name: c}}]}` become the same element.
 * XML is read with sax (positions of each tag); YAML and JSON with the `yaml` package (JSON
 * is YAML's flow style), whose nodes carry their source ranges.
 */

export interface Element {
  readonly name: string;
  readonly attrs: Map<string, string>;
  readonly children: Element[];
  /** The element's text content (`<sql>…</sql>`, `<where>…</where>`), with the host offset of each character. */
  text?: { value: string; offsets: number[] };
  readonly range: HostSpan;
}

export interface Changelog {
  readonly root: Element | undefined;
  readonly errors: HostError[];
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * An XML element's raw content decoded (CDATA sections unwrapped, entities replaced,
 * comments dropped), with the offset of each character in the file.
 */
function decodeXmlText(text: string, start: number, end: number): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  let i = start;
  while (i < end) {
    if (text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      const stop = close < 0 || close > end ? end : close;
      for (let j = i + 9; j < stop; j++) {
        value += text[j];
        offsets.push(j);
      }
      i = stop + 3;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      i = close < 0 ? end : close + 3;
    } else if (text[i] === '&') {
      const semi = text.indexOf(';', i);
      const entity = semi > i ? text.slice(i + 1, semi) : '';
      const ch =
        ENTITIES[entity] ??
        (/^#x[0-9a-f]+$/i.test(entity)
          ? String.fromCodePoint(parseInt(entity.slice(2), 16))
          : /^#\d+$/.test(entity)
            ? String.fromCodePoint(Number(entity.slice(1)))
            : undefined);
      if (ch === undefined) {
        value += '&';
        offsets.push(i);
        i++;
      } else {
        value += ch;
        offsets.push(i);
        i = semi + 1;
      }
    } else {
      value += text[i];
      offsets.push(i);
      i++;
    }
  }
  offsets.push(Math.min(i, end));
  return { value, offsets };
}

export function parseXmlChangelog(text: string): Changelog {
  const parser = sax.parser(true, { position: true });
  const stack: { el: Element; contentStart: number }[] = [];
  const errors: HostError[] = [];
  let root: Element | undefined;
  parser.onopentag = (tag) => {
    const attrs = new Map<string, string>();
    for (const [k, v] of Object.entries(tag.attributes)) attrs.set(k.replace(/^.*:/, ''), typeof v === 'string' ? v : v.value);
    const name = tag.name.replace(/^.*:/, '');
    const el: Element = { name, attrs, children: [], range: { start: parser.startTagPosition - 1, end: parser.position } };
    stack[stack.length - 1]?.el.children.push(el);
    root ??= el;
    stack.push({ el, contentStart: parser.position });
    if (tag.isSelfClosing) return;
  };
  parser.onclosetag = () => {
    const top = stack.pop();
    if (!top) return;
    const end = parser.position;
    // The closing tag is `</name>`: its `<` starts the content's end.
    const closeStart = text.lastIndexOf('</', end);
    const contentEnd = closeStart >= top.contentStart ? closeStart : top.contentStart;
    (top.el as { range: HostSpan }).range = { start: top.el.range.start, end };
    if (top.el.children.length === 0 && contentEnd > top.contentStart) top.el.text = decodeXmlText(text, top.contentStart, contentEnd);
  };
  parser.onerror = (e) => {
    errors.push({ start: Math.max(0, parser.position - 1), end: parser.position, message: `XML syntax error: ${e.message.split('\n')[0]}` });
    // Keep going: sax resumes after an error once it is cleared.
    (parser as unknown as { error: Error | null }).error = null;
  };
  try {
    parser.write(text).close();
  } catch (e) {
    errors.push({ start: 0, end: 0, message: `XML syntax error: ${(e as Error).message.split('\n')[0]}` });
  }
  return { root, errors };
}

/** Keys of YAML/JSON changes whose value is the element's text rather than an attribute. */
const TEXT_KEYS = new Set(['where', 'rollback']);

export function parseYamlChangelog(text: string): Changelog {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  const errors: HostError[] = doc.errors.map((e) => ({
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0] + 1),
    message: `YAML syntax error: ${e.message.split('\n')[0]}`,
  }));
  const root = toElement('databaseChangeLog', doc.contents as YamlNode | null, text);
  return { root, errors };
}

function rangeOf(node: YamlNode | null | undefined, fallback: HostSpan): HostSpan {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** A scalar's string value with offsets: exact where the source holds it verbatim, else every character at the scalar. */
function scalarText(node: YamlNode, text: string): { value: string; offsets: number[] } {
  const value = String((node as { value: unknown }).value ?? '');
  const r = node.range ?? [0, 0, 0];
  const at = text.slice(r[0], r[1]).indexOf(value);
  const offsets: number[] = [];
  if (at >= 0) {
    for (let i = 0; i <= value.length; i++) offsets.push(r[0] + at + i);
  } else {
    // A folded or escaped scalar: positions inside it are not known character by character.
    for (let i = 0; i < value.length; i++) offsets.push(r[0]);
    offsets.push(r[1]);
  }
  return { value, offsets };
}

function toElement(name: string, node: YamlNode | null | undefined, text: string, range?: HostSpan): Element | undefined {
  const el: Element = { name, attrs: new Map(), children: [], range: range ?? rangeOf(node, { start: 0, end: 0 }) };
  if (!node) return el;
  if (isScalar(node)) {
    // `- sql: "…"` or `where: …`: the value is the text.
    el.text = scalarText(node, text);
    return el;
  }
  if (isSeq(node)) {
    // `databaseChangeLog: [ {changeSet: …}, … ]`, `changes: [ {addColumn: …} ]`, `columns: [ {column: …} ]`
    for (const item of node.items) pushChildren(el, item as YamlNode, text);
    return el;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const value = pair.value as YamlNode | null;
      if (key === undefined) continue;
      if (isScalar(value)) {
        if (key === 'sql' && name === 'sql') el.text = scalarText(value, text);
        else if (TEXT_KEYS.has(key)) el.children.push(toElement(key, value, text)!);
        else el.attrs.set(key, String(value.value ?? ''));
      } else if (isSeq(value)) {
        // A list key groups children (`changes`, `columns`), except `rollback` which is itself an element.
        if (key === 'rollback') el.children.push(toElement('rollback', value, text)!);
        else for (const item of value.items) pushChildren(el, item as YamlNode, text);
      } else if (isMap(value)) {
        el.children.push(toElement(key, value, text, rangeOf(pair.key as YamlNode, rangeOf(value, el.range)))!);
      }
    }
  }
  return el;
}

/** A list item `{name: {…}}` is a child element `name`. */
function pushChildren(parent: Element, item: YamlNode, text: string): void {
  if (!isMap(item)) return;
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    const keyRange = rangeOf(pair.key as YamlNode, parent.range);
    const valueRange = rangeOf(pair.value as YamlNode, keyRange);
    const child = toElement(key, pair.value as YamlNode | null, text, { start: keyRange.start, end: Math.max(valueRange.end, keyRange.end) });
    if (child) parent.children.push(child);
  }
}
