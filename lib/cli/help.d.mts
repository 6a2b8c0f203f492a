// Types of help.mjs (plain JavaScript so that `edgewise --help` needs no TypeScript loader).
export declare const EXIT: Readonly<{ ok: 0; failed: 1; usage: 2 }>;
export declare const mainHelp: string;
export declare const domainsHelp: string;
export declare const importHelp: string;
export declare const runsHelp: string;
export declare const reviewHelp: string;
export declare const snapshotHelp: string;
export declare const mixtureHelp: string;
export declare const exportHelp: string;
export declare const batchHelp: string;
export declare const verifyHelp: string;
export declare const usersHelp: string;
export declare const tokensHelp: string;
export declare const EXPORT_FORMATS_TEXT: string;
export declare const decontamHelp: string;
export declare const dedupHelp: string;
export declare const commandHelp: Readonly<Record<string, string>>;
export declare function helpFor(argv: string[]): { text: string; exit: number; stderr: boolean } | null;
