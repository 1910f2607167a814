// zx.cc — the extern "C" shim over Xapian; see zx.h.
//
// Every function is a thin translation: C arguments in, one Xapian call
// or two, a status out.  Exceptions never cross the boundary: guard()
// catches them and turns them into a status and a message.

#include "zx.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <string>
#include <vector>

struct zx_db {
    Xapian::Database *db = nullptr;        // the searchable view
    Xapian::WritableDatabase *wdb = nullptr; // set when opened for writing
    std::string error;
    bool in_batch = false;
};

struct zx_doc {
    Xapian::Document doc;
};

struct zx_termgen {
    Xapian::TermGenerator tg;
};

struct zx_query {
    Xapian::Query q;
};

struct zx_mset {
    Xapian::Enquire enquire;
    Xapian::MSet mset;
    explicit zx_mset(const Xapian::Database &db) : enquire(db) {}
};

namespace {

// Runs f, translating any exception into a status and a message.
template <typename F> zx_status guard(std::string *err, F f)
{
    try {
        f();
        return ZX_OK;
    } catch (const Xapian::DatabaseLockError &e) {
        if (err) *err = e.get_description();
        return ZX_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        if (err) *err = e.get_description();
        return ZX_NOT_FOUND;
    } catch (const Xapian::DatabaseVersionError &e) {
        if (err) *err = e.get_description();
        return ZX_VERSION;
    } catch (const Xapian::DatabaseCorruptError &e) {
        if (err) *err = e.get_description();
        return ZX_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        if (err) *err = e.get_description();
        return ZX_OPENING;
    } catch (const Xapian::DocNotFoundError &e) {
        if (err) *err = e.get_description();
        return ZX_NOT_FOUND;
    } catch (const Xapian::QueryParserError &e) {
        if (err) *err = e.get_msg();
        return ZX_QUERY;
    } catch (const Xapian::NetworkError &e) {
        if (err) *err = e.get_description();
        return ZX_NETWORK;
    } catch (const Xapian::Error &e) {
        if (err) *err = e.get_description();
        return ZX_ERROR;
    } catch (const std::bad_alloc &) {
        if (err) *err = "out of memory";
        return ZX_NOMEM;
    } catch (const std::exception &e) {
        if (err) *err = e.what();
        return ZX_ERROR;
    } catch (...) {
        if (err) *err = "unknown C++ exception";
        return ZX_ERROR;
    }
}

char *dup_string(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

// Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" (also with / or .) as the first
// or last YYYYMMDD day it denotes; false if it is not such a date.
bool date_bound(const std::string &s, bool upper, std::string &out)
{
    int y = 0, m = 0, d = 0;
    char extra;
    std::string t = s;
    for (auto &c : t)
        if (c == '/' || c == '.') c = '-';
    int n = std::sscanf(t.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &extra);
    if (n < 1 || n > 3 || y < 1 || y > 9999) return false;
    if (n == 1 && t.size() != 4) return false;
    if (n >= 2 && (m < 1 || m > 12)) return false;
    if (n == 3 && (d < 1 || d > 31)) return false;
    if (n == 1) { m = upper ? 12 : 1; d = upper ? 31 : 1; }
    if (n == 2) d = upper ? 31 : 1; // "31" is past every month's end: fine as a bound
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    out = buf;
    return true;
}

// date:2021..2022, date:2024-05.., date:..2023-06-30 over a YYYYMMDD slot.
class DateRange : public Xapian::RangeProcessor {
  public:
    explicit DateRange(Xapian::valueno slot) : Xapian::RangeProcessor(slot, "date:") {}
    Xapian::Query operator()(const std::string &b, const std::string &e) override
    {
        std::string lo, hi;
        // Say which end is wrong: QueryParser's own message for a range it
        // cannot use is "Unknown range operation".
        if (!b.empty() && !date_bound(b, false, lo))
            throw Xapian::QueryParserError("date:" + b + ".." + e + ": '" + b +
                                           "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD, year 1 to 9999)");
        if (!e.empty() && !date_bound(e, true, hi))
            throw Xapian::QueryParserError("date:" + b + ".." + e + ": '" + e +
                                           "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD, year 1 to 9999)");
        if (hi.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
        if (lo.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
    }
};

// Counts the terms with given prefixes in every matching document: a
// document may name several organisations, which one value slot cannot
// hold, so the spy reads the termlist.
class PrefixSpy : public Xapian::MatchSpy {
  public:
    std::vector<std::string> prefixes;
    std::vector<std::map<std::string, unsigned>> counts;
    explicit PrefixSpy(const std::vector<std::string> &p) : prefixes(p), counts(p.size()) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        for (size_t i = 0; i < prefixes.size(); i++) {
            const std::string &pre = prefixes[i];
            Xapian::TermIterator t = doc.termlist_begin();
            t.skip_to(pre);
            for (; t != doc.termlist_end(); ++t) {
                const std::string &term = *t;
                if (term.compare(0, pre.size(), pre) != 0) break;
                // "XO" must not also count "XOR..." of a longer prefix: all
                // schema prefixes are followed by a non-capital character.
                if (term.size() > pre.size() && term[pre.size()] >= 'A' && term[pre.size()] <= 'Z') continue;
                counts[i][term.substr(pre.size())]++;
            }
        }
    }
};

} // namespace

extern "C" {

const char *zx_status_name(zx_status st)
{
    switch (st) {
    case ZX_OK: return "ok";
    case ZX_NOT_FOUND: return "not found";
    case ZX_LOCKED: return "locked";
    case ZX_CORRUPT: return "corrupt";
    case ZX_VERSION: return "unsupported version";
    case ZX_OPENING: return "cannot open";
    case ZX_QUERY: return "bad query";
    case ZX_NETWORK: return "network error";
    case ZX_NOMEM: return "out of memory";
    case ZX_ERROR: return "error";
    }
    return "unknown status";
}

// ------------------------------------------------------------ databases

zx_status zx_db_open_write(const char *path, zx_db **out)
{
    *out = nullptr;
    zx_db *h = new (std::nothrow) zx_db;
    if (!h) return ZX_NOMEM;
    *out = h;
    return guard(&h->error, [&] {
        h->wdb = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
        h->db = h->wdb;
    });
}

zx_status zx_db_open_read(const char *const *paths, size_t n, zx_db **out)
{
    *out = nullptr;
    zx_db *h = new (std::nothrow) zx_db;
    if (!h) return ZX_NOMEM;
    *out = h;
    return guard(&h->error, [&] {
        h->db = new Xapian::Database();
        for (size_t i = 0; i < n; i++) {
            // Name the shard in the message: with several, the bare one is
            // ambiguous.  The exception's type (and so the status) is kept.
            try {
                h->db->add_database(Xapian::Database(paths[i]));
            } catch (Xapian::DatabaseNotFoundError &e) {
                throw Xapian::DatabaseNotFoundError(std::string(paths[i]) + ": " + e.get_msg(), e.get_context());
            } catch (Xapian::DatabaseVersionError &e) {
                throw Xapian::DatabaseVersionError(std::string(paths[i]) + ": " + e.get_msg(), e.get_context());
            } catch (Xapian::NetworkError &e) {
                throw Xapian::NetworkError(std::string(paths[i]) + ": " + e.get_msg(), e.get_context());
            } catch (Xapian::Error &e) {
                throw Xapian::DatabaseOpeningError(std::string(paths[i]) + ": " + e.get_msg(), e.get_context());
            }
        }
    });
}

void zx_db_close(zx_db *db)
{
    if (!db) return;
    guard(nullptr, [&] {
        if (db->wdb) {
            if (db->in_batch) db->wdb->cancel_transaction();
            db->wdb->close();
        }
    });
    guard(nullptr, [&] { delete db->db; }); // wdb is db->db when writable
    delete db;
}

const char *zx_db_error(const zx_db *db) { return db ? db->error.c_str() : "out of memory"; }

static zx_status need_writable(zx_db *db)
{
    if (db->wdb) return ZX_OK;
    db->error = "database opened read-only";
    return ZX_ERROR;
}

zx_status zx_db_begin(zx_db *db)
{
    if (zx_status st = need_writable(db)) return st;
    // A flushed transaction: Xapian does not auto-commit inside it, so an
    // article and everything derived from it are committed together.
    zx_status st = guard(&db->error, [&] { db->wdb->begin_transaction(true); });
    if (st == ZX_OK) db->in_batch = true;
    return st;
}

zx_status zx_db_commit(zx_db *db)
{
    if (zx_status st = need_writable(db)) return st;
    return guard(&db->error, [&] {
        if (db->in_batch) {
            db->in_batch = false;
            db->wdb->commit_transaction();
        } else {
            db->wdb->commit();
        }
    });
}

zx_status zx_db_cancel(zx_db *db)
{
    if (zx_status st = need_writable(db)) return st;
    return guard(&db->error, [&] {
        if (db->in_batch) {
            db->in_batch = false;
            db->wdb->cancel_transaction();
        }
    });
}

zx_status zx_db_replace(zx_db *db, const char *idterm, zx_doc *doc)
{
    if (zx_status st = need_writable(db)) return st;
    return guard(&db->error, [&] { db->wdb->replace_document(idterm, doc->doc); });
}

zx_status zx_db_delete(zx_db *db, const char *term)
{
    if (zx_status st = need_writable(db)) return st;
    return guard(&db->error, [&] { db->wdb->delete_document(term); });
}

zx_status zx_db_doccount(zx_db *db, unsigned long *n)
{
    return guard(&db->error, [&] { *n = db->db->get_doccount(); });
}

zx_status zx_db_set_metadata(zx_db *db, const char *key, const char *value)
{
    if (zx_status st = need_writable(db)) return st;
    return guard(&db->error, [&] { db->wdb->set_metadata(key, value); });
}

zx_status zx_db_get_metadata(zx_db *db, const char *key, char **value)
{
    *value = nullptr;
    return guard(&db->error, [&] {
        std::string v = db->db->get_metadata(key);
        if (!v.empty()) {
            *value = dup_string(v);
            if (!*value) throw std::bad_alloc();
        }
    });
}

zx_status zx_db_each(zx_db *db, const char *term, bool (*fn)(void *, unsigned), void *ctx)
{
    return guard(&db->error, [&] {
        for (auto it = db->db->postlist_begin(term); it != db->db->postlist_end(term); ++it)
            if (!fn(ctx, *it)) break;
    });
}

zx_status zx_db_find(zx_db *db, const char *idterm, unsigned *docid)
{
    bool found = false;
    zx_status st = guard(&db->error, [&] {
        auto it = db->db->postlist_begin(idterm);
        if (it != db->db->postlist_end(idterm)) {
            *docid = *it;
            found = true;
        }
    });
    return st == ZX_OK && !found ? ZX_NOT_FOUND : st;
}

zx_status zx_db_doc_data(zx_db *db, unsigned docid, char **data, size_t *len)
{
    *data = nullptr;
    return guard(&db->error, [&] {
        std::string d = db->db->get_document(docid).get_data();
        *data = dup_string(d);
        if (!*data) throw std::bad_alloc();
        *len = d.size();
    });
}

zx_status zx_db_doc_value(zx_db *db, unsigned docid, unsigned slot, char **value, size_t *len)
{
    *value = nullptr;
    return guard(&db->error, [&] {
        std::string v = db->db->get_document(docid).get_value(slot);
        *value = dup_string(v);
        if (!*value) throw std::bad_alloc();
        *len = v.size();
    });
}

zx_status zx_db_terms(zx_db *db, const char *prefix, bool (*fn)(void *, const char *, unsigned), void *ctx)
{
    return guard(&db->error, [&] {
        for (auto it = db->db->allterms_begin(prefix); it != db->db->allterms_end(prefix); ++it)
            if (!fn(ctx, (*it).c_str(), it.get_termfreq())) break;
    });
}

// ------------------------------------------------------------ documents

zx_termgen *zx_termgen_new(void)
{
    zx_termgen *tg = nullptr;
    guard(nullptr, [&] {
        tg = new zx_termgen;
        // No stemmer: Chinese has none, and one would add a Z copy of every n-gram.
        tg->tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    });
    return tg;
}

void zx_termgen_free(zx_termgen *tg) { guard(nullptr, [&] { delete tg; }); }

zx_doc *zx_doc_new(void)
{
    zx_doc *d = nullptr;
    guard(nullptr, [&] { d = new zx_doc; });
    return d;
}

void zx_doc_free(zx_doc *doc) { guard(nullptr, [&] { delete doc; }); }

// The code points Xapian's CJK n-gram code treats as CJK (its
// CJK::codepoint_is_cjk in 1.4), so that documents and queries split text
// the same way.  CJK punctuation (U+3000-303F) makes no term.
static bool is_cjk(unsigned cp)
{
    return (cp >= 0x2E80 && cp <= 0x2FFF) || (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F) ||
           (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// Chinese runs are indexed as single characters with positions, and no
// bigrams: measured on 2,000 news articles, bigrams cost half of the
// indexing CPU time and a third of the index, and every Chinese query is
// matched as a phrase of characters instead (query.c quotes the runs),
// which positions answer exactly.  Other text goes through the
// TermGenerator as usual, with positions continuing across the pieces.
zx_status zx_doc_index_text(zx_termgen *tg, zx_doc *doc, const char *text, size_t len, const char *prefix)
{
    return guard(nullptr, [&] {
        Xapian::TermGenerator &g = tg->tg;
        g.set_document(doc->doc);
        const std::string pre(prefix);
        Xapian::termpos pos = g.get_termpos();
        size_t i = 0, run = 0; // run: start of the pending non-CJK text
        auto flush = [&](size_t end) {
            if (end > run) {
                g.set_termpos(pos);
                g.index_text(std::string(text + run, end - run), 1, pre);
                pos = g.get_termpos();
            }
        };
        while (i < len) {
            unsigned char c = static_cast<unsigned char>(text[i]);
            size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if (i + n > len) n = len - i;
            unsigned cp = c < 0x80 ? c : c < 0xE0 ? (c & 0x1Fu) : c < 0xF0 ? (c & 0x0Fu) : (c & 0x07u);
            for (size_t k = 1; k < n; k++) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
            if (is_cjk(cp)) {
                flush(i);
                if (cp < 0x3000 || cp > 0x303F) doc->doc.add_posting(pre + std::string(text + i, n), ++pos);
                run = i + n;
            }
            i += n;
        }
        flush(len);
        g.set_termpos(pos);
        g.increase_termpos(100); // keep phrases from spanning fields
        // Let go of the document: the TermGenerator (one per worker
        // thread) would otherwise keep a reference to it after it is handed
        // to the writing thread, and Xapian's reference counts are not
        // atomic.  Dropping it at the next article's set_document() raced
        // with the writer's replace_document() (a crash after ~20,000
        // small documents).  The term position is kept as it was.
        Xapian::termpos end = g.get_termpos();
        g.set_document(Xapian::Document());
        g.set_termpos(end);
    });
}

zx_status zx_doc_add_term(zx_doc *doc, const char *term, size_t len)
{
    if (len == 0 || len > 245) return ZX_ERROR; // Xapian's term length limit
    return guard(nullptr, [&] { doc->doc.add_boolean_term(std::string(term, len)); });
}

zx_status zx_doc_set_value(zx_doc *doc, unsigned slot, const char *value, size_t len)
{
    return guard(nullptr, [&] { doc->doc.add_value(slot, std::string(value, len)); });
}

zx_status zx_doc_set_data(zx_doc *doc, const char *data, size_t len)
{
    return guard(nullptr, [&] { doc->doc.set_data(std::string(data, len)); });
}

// ------------------------------------------------------------ queries

zx_status zx_query_parse(zx_db *db, const char *query, const zx_field *fields, size_t nfields, unsigned date_slot,
                         zx_query **out, char **err)
{
    *out = nullptr;
    *err = nullptr;
    std::string msg;
    zx_status st = guard(&msg, [&] {
        Xapian::QueryParser qp;
        qp.set_database(*db->db);
        qp.set_default_op(Xapian::Query::OP_AND);
        for (size_t i = 0; i < nfields; i++) {
            if (fields[i].boolean)
                qp.add_boolean_prefix(fields[i].field, fields[i].prefix, ""); // each filter its own group
            else
                qp.add_prefix(fields[i].field, fields[i].prefix);
        }
        qp.add_rangeprocessor((new DateRange(date_slot))->release());
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        Xapian::Query q = qp.parse_query(query, flags);
        *out = new zx_query{q};
    });
    if (st != ZX_OK) *err = dup_string(msg);
    return st;
}

zx_status zx_query_filter_range(zx_query *q, unsigned slot, const char *lo, const char *hi)
{
    return guard(nullptr, [&] {
        Xapian::Query r;
        if (lo && hi)
            r = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
        else if (lo)
            r = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
        else if (hi)
            r = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        else
            return;
        q->q = Xapian::Query(Xapian::Query::OP_FILTER, q->q, r);
    });
}

zx_status zx_query_all(zx_query **out)
{
    *out = nullptr;
    return guard(nullptr, [&] { *out = new zx_query{Xapian::Query::MatchAll}; });
}

char *zx_query_describe(const zx_query *q)
{
    char *s = nullptr;
    guard(nullptr, [&] { s = dup_string(q->q.get_description()); });
    return s;
}

void zx_query_free(zx_query *q) { guard(nullptr, [&] { delete q; }); }

zx_status zx_search(zx_db *db, const zx_query *q, unsigned offset, unsigned limit, unsigned check_at_least,
                    zx_mset **out)
{
    *out = nullptr;
    return guard(&db->error, [&] {
        zx_mset *m = new zx_mset(*db->db);
        try {
            m->enquire.set_query(q->q);
            m->mset = m->enquire.get_mset(offset, limit, check_at_least);
        } catch (...) {
            delete m;
            throw;
        }
        *out = m;
    });
}

unsigned zx_mset_size(const zx_mset *m) { return m->mset.size(); }

unsigned long zx_mset_matches(const zx_mset *m) { return m->mset.get_matches_estimated(); }

unsigned zx_mset_docid(const zx_mset *m, unsigned i)
{
    unsigned id = 0;
    guard(nullptr, [&] { id = *(m->mset[i]); });
    return id;
}

double zx_mset_weight(const zx_mset *m, unsigned i)
{
    double w = 0;
    guard(nullptr, [&] { w = m->mset[i].get_weight(); });
    return w;
}

zx_status zx_mset_snippet(zx_mset *m, const char *text, size_t len, size_t bytes, const char *hi_start,
                          const char *hi_end, char **out)
{
    *out = nullptr;
    return guard(nullptr, [&] {
        std::string s = m->mset.snippet(std::string(text, len), bytes, Xapian::Stem(),
                                        Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE |
                                            Xapian::MSet::SNIPPET_CJK_NGRAM,
                                        hi_start, hi_end, "…");
        *out = dup_string(s);
        if (!*out) throw std::bad_alloc();
    });
}

void zx_mset_free(zx_mset *m) { guard(nullptr, [&] { delete m; }); }

zx_status zx_facets(zx_db *db, const zx_query *q, const char *const *prefixes, size_t n,
                    void (*fn)(void *, size_t, const char *, unsigned), void *ctx)
{
    return guard(&db->error, [&] {
        std::vector<std::string> pre(prefixes, prefixes + n);
        PrefixSpy spy(pre);
        Xapian::Enquire enquire(*db->db);
        enquire.set_query(q->q);
        enquire.add_matchspy(&spy);
        Xapian::doccount all = db->db->get_doccount();
        enquire.get_mset(0, 0, all); // check every match: exact counts
        for (size_t i = 0; i < n; i++)
            for (const auto &kv : spy.counts[i])
                fn(ctx, i, kv.first.c_str(), kv.second);
    });
}

zx_status zx_compact(const char *const *srcs, size_t n, const char *dst, char **err)
{
    *err = nullptr;
    std::string msg;
    zx_status st = guard(&msg, [&] {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(srcs[i]));
        all.compact(dst, Xapian::DBCOMPACT_MULTIPASS);
    });
    if (st != ZX_OK) *err = dup_string(msg);
    return st;
}

} // extern "C"
