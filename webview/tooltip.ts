/** One tooltip element shared by all lanes; follows the pointer, or sits under a focused lane. */
import type { StatementDescription } from './describe';
import { clear, h } from './dom';

let counter = 0;

export class Tooltip {
  readonly id = `ls-tooltip-${++counter}`;
  readonly element: HTMLElement;
  private anchor: HTMLElement | null = null;

  constructor() {
    this.element = h('div', { class: 'ls-tooltip', role: 'tooltip', id: this.id });
    this.element.hidden = true;
  }

  show(d: StatementDescription, anchor: HTMLElement, pointer?: MouseEvent): void {
    clear(this.element);
    this.element.append(
      h('div', { class: 'ls-tip-title' }, d.title),
      h('pre', { class: 'ls-tip-sql' }, d.sql.length > 700 ? `${d.sql.slice(0, 699)}…` : d.sql),
      h('dl', { class: 'ls-tip-facts' }, ...d.facts.flatMap((f) => [h('dt', {}, f.label), h('dd', {}, f.value)])),
    );
    this.element.hidden = false;
    this.anchor = anchor;
    if (pointer) this.move(pointer);
    else this.place(anchor.getBoundingClientRect().left + 24, anchor.getBoundingClientRect().bottom + 4);
  }

  move(e: MouseEvent): void {
    if (this.element.hidden) return;
    this.place(e.clientX + 14, e.clientY + 18);
  }

  hide(): void {
    this.element.hidden = true;
    this.anchor = null;
  }

  get visibleFor(): HTMLElement | null {
    return this.element.hidden ? null : this.anchor;
  }

  /** Keeps the box inside the viewport: flips above or left of the point when needed. */
  private place(x: number, y: number): void {
    const box = this.element.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const left = x + box.width > vw - 8 ? Math.max(8, x - box.width - 28) : x;
    const top = y + box.height > vh - 8 ? Math.max(8, y - box.height - 30) : y;
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
  }
}
