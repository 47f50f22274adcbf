import * as pulumi from '@pulumi/pulumi';

/** `pulumi.all` over a record that keeps the record's key type (the SDK widens keys to string). */
export function allOf<K extends string, T>(record: Record<K, pulumi.Input<T>>): pulumi.Output<Record<K, T>> {
  return pulumi.all(record as Record<string, pulumi.Input<T>>).apply((values) => values as Record<K, T>);
}
