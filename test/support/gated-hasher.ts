import { CountingHasher } from './counting-hasher.js';

/** Holds the next verification, once it has run, until `release()`: a test acts between a login's check and its token. */
export class GatedHasher extends CountingHasher {
  private gate?: Promise<void>;
  private open?: () => void;
  private verified?: () => void;
  /** Resolves when the held verification has finished (and waits at the gate). */
  reached = Promise.resolve();

  holdNext(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
    this.reached = new Promise((resolve) => (this.verified = resolve));
  }

  release(): void {
    this.open?.();
  }

  override async verify(password: string, encoded: string | null | undefined): Promise<boolean> {
    const result = await super.verify(password, encoded);
    const gate = this.gate;
    if (gate) {
      this.gate = undefined;
      this.verified?.();
      await gate;
    }
    return result;
  }
}
