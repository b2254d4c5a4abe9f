/**
 * A Map that forgets its oldest entries past `limit`, for state a long-running simulator keeps per
 * flow, code or token: memory stays bounded whatever the traffic.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit = 10_000) {}

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
  }

  get(key: K | undefined): V | undefined {
    return key === undefined ? undefined : this.map.get(key);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
