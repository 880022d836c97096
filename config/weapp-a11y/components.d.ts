/** See components.js: attribute name → default value ('' for none), per Taro component. */
export declare const ariaComponents: Record<string, Record<string, string>>
