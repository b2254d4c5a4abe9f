import { unitShard } from './shard.ts';

unitShard(3, 4);
