/** What a build is given besides its context: owned here so adapters and inputs share one definition. */
export interface BuildSecret {
  id: string;
  value: string;
}

/** `default` is the engine's bridge; where there is none the build adapter falls back to `none`. */
export type BuildNetwork = 'default' | 'none' | 'host';
