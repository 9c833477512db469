export declare function copyDsfr(): Promise<void>;
