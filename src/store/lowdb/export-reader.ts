import type { AttemptLog } from '../../model/binding.js';
import type { Session } from '../../model/session.js';
import type { CollectionName, ExportRecords, StoreExport } from '../store-export.js';
import type { JsonCollection } from './collection.js';
import type { InboundMark } from './inbound.js';
import type { MetaRecord } from './meta.js';

type Plain = Exclude<CollectionName, 'sessions' | 'attempts' | 'inbound' | 'meta'>;

/** The collections of an open lowdb store that the export reads (open-store.ts hands them over). */
export type LowCollections = { [K in Plain]: JsonCollection<ExportRecords[K]> } & {
  meta: JsonCollection<MetaRecord>;
  sessions: JsonCollection<Session>;
  forms: JsonCollection<Session>;
  attempts: JsonCollection<AttemptLog>;
  inbound: JsonCollection<InboundMark>;
};

/**
 * Reads an open lowdb store's records as they are on disk, for `npm run migrate-store`: nothing is opened, re-hashed
 * or unmasked. A session is its newer copy (between forms, or with an open form), as LowSessions reads it.
 */
export function lowExport(c: LowCollections): StoreExport {
  return {
    async count(name) {
      if (name === 'sessions' || name === 'attempts' || name === 'inbound') {
        let n = 0;
        for (const _ of records(c, name)) n += 1;
        return n;
      }
      return c[name].size;
    },
    async *batches(name, size) {
      let batch: ExportRecords[typeof name][] = [];
      for (const record of records(c, name)) {
        batch.push(record as ExportRecords[typeof name]);
        if (batch.length < size) continue;
        yield batch;
        batch = [];
      }
      if (batch.length > 0) yield batch;
    },
  };
}

function records(c: LowCollections, name: CollectionName): Iterable<unknown> {
  if (name === 'sessions') return sessions(c.sessions, c.forms);
  if (name === 'attempts') return failures(c.attempts);
  if (name === 'inbound') return marks(c.inbound);
  return c[name].values();
}

function* sessions(idle: JsonCollection<Session>, forms: JsonCollection<Session>): Iterable<Session> {
  for (const s of idle.values()) {
    const open = forms.get(s.id);
    yield open && open.version >= s.version ? open : s;
  }
  for (const s of forms.values()) if (!idle.get(s.id)) yield s;
}

function* failures(logs: JsonCollection<AttemptLog>): Iterable<ExportRecords['attempts']> {
  for (const log of logs.values()) for (const at of log.failures) yield { key: log.id, at };
}

function* marks(col: JsonCollection<InboundMark>): Iterable<ExportRecords['inbound']> {
  for (const mark of col.values()) {
    // `channel:userId`; channel names hold no colon, user ids may.
    const split = mark.id.indexOf(':');
    yield { channel: mark.id.slice(0, split), userId: mark.id.slice(split + 1), at: mark.at };
  }
}
