#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "digest.h"

int audit_hash(const unsigned char prev[32], const audit_fields *f, unsigned char out[32])
{
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "zi-audit-v1\n%lld\n%s\n%s\n%s\n%s\n%s\n%s\n%s", f->seq, f->at, f->actor, f->action,
              f->resource_type, f->resource_id, f->personal ? "personal" : "plain", f->changes);
    size_t len;
    char *text = sb_take(&sb, &len);
    if (text == NULL)
        return -1;
    int rc = sha256_two(prev, 32, text, len, out);
    free(text);
    return rc;
}

void audit_verifier_init(audit_verifier *av)
{
    memset(av, 0, sizeof *av);
    av->next_seq = 1;
    av->v.ok = 1;
}

static int broken(audit_verifier *av, long long seq)
{
    av->v.ok = 0;
    av->v.first_broken_seq = seq;
    return 1;
}

int audit_verifier_feed(audit_verifier *av, const audit_fields *f, const unsigned char stored_prev[32],
                        const unsigned char stored_hash[32])
{
    if (!av->v.ok)
        return 1;
    /* A missing record shows as a gap: the broken sequence is the first one missing. */
    if (f->seq != av->next_seq)
        return broken(av, av->next_seq < f->seq ? av->next_seq : f->seq);
    unsigned char h[32];
    if (memcmp(stored_prev, av->prev, 32) != 0 || audit_hash(av->prev, f, h) != 0 || memcmp(h, stored_hash, 32) != 0)
        return broken(av, f->seq);
    memcpy(av->prev, h, 32);
    av->next_seq++;
    av->v.checked++;
    return 0;
}

void audit_verifier_finish(audit_verifier *av, long long head_seq, const unsigned char head_hash[32])
{
    if (!av->v.ok)
        return;
    if (head_seq != av->next_seq - 1 || memcmp(head_hash, av->prev, 32) != 0)
        broken(av, av->next_seq <= head_seq ? av->next_seq : head_seq);
}
