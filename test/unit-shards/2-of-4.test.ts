import { unitShard } from './shard.ts';

unitShard(1, 4);
