/**
 * Props without their `undefined` values, for generated and third-party types under `exactOptionalPropertyTypes`
 * (an optional field there may be absent, never `undefined`).
 */

/** The keys of `T` whose type has an `undefined` member. */
type MaybeUndefinedKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** `T` with every key that may hold `undefined` made optional and its `undefined` removed. */
export type DefinedProps<T> = { [K in Exclude<keyof T, MaybeUndefinedKeys<T>>]: T[K] } & {
  [K in MaybeUndefinedKeys<T>]?: Exclude<T[K], undefined>;
};

/**
 * A shallow copy of `props` without the keys whose value is `undefined`; the other keys keep their order, so an
 * object emitted from the copy reads as before.
 */
export function definedProps<T extends object>(props: T): DefinedProps<T> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined)) as DefinedProps<T>;
}

/**
 * `{ [key]: value }`, or `{}` when `value` is `undefined`: spread it where the field stands
 * (`...optionalProp('dependsOn', props.dependsOn)`), so the other fields keep their order.
 */
export function optionalProp<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
