import type { LineLog } from './pipeline.js';

/**
 * A log for work that starts before its group may open: lines are kept, in order, until
 * `release` hands them to the real log; after that they pass straight through. A group
 * opened while another is still open would file these lines under the wrong heading.
 */
export class HeldLog implements LineLog {
  private held: { level: 'info' | 'warning'; line: string }[] | undefined = [];
  private target: LineLog | undefined;

  info(line: string): void {
    this.write('info', line);
  }

  warning(line: string): void {
    this.write('warning', line);
  }

  release(target: LineLog): void {
    if (this.target !== undefined) return;
    this.target = target;
    const held = this.held ?? [];
    this.held = undefined;
    for (const { level, line } of held) target[level](line);
  }

  private write(level: 'info' | 'warning', line: string): void {
    if (this.target !== undefined) this.target[level](line);
    else this.held!.push({ level, line });
  }
}
