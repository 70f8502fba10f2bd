export declare function inc(x: number): number;
export declare function spin(iters: number): number;
export declare function byteLength(buffer: ArrayBuffer): number;
export declare function incChunk(items: number[]): number[];
