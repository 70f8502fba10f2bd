export const f = (x: number): number => x + 1;
