// Types for source-manifest.js (plain JS so bin/strata.js can use it before tsx is loaded).
export declare const MANIFEST: string;
export type SourceStamp = [path: string, size: number, mtimeMs: number, sha256: string];
export declare function stampSources(root: string): SourceStamp[];
export declare function writeManifest(root: string, stamps: SourceStamp[]): void;
export declare function removeManifest(root: string): void;
export declare function isDistFresh(root: string): boolean;
