/*
 * field.h — reading one value whose kind the caller already knows.
 *
 * extract finds figures in running text, where it reads only what is
 * unambiguous there: "5分" in an article is a score or five minutes far
 * more often than five fen, and "三百万" without a currency may be people
 * or tonnes.  A form field or a spreadsheet cell headed 金额 says what it
 * holds, and `zhpipe parse money` reads it as that: this module is the
 * part of that reading that running text cannot use.
 *
 * An amount field is: qualifier words (units.conf: 约, 小于, 左右, 以上
 * ...) before and after, a currency of units.conf before (人民币, 港币, $)
 * or after (元, 美元) the number, and a number as numeral_parse_amount()
 * reads it (三百万, 15k, 5分, Cantonese 五個半); or two such numbers
 * joined by a range sign (~, 至, 到, -).  With no currency written the
 * amount is in 元, as Chinese forms and job ads assume.
 */
#ifndef ZHPIPE_FIELD_H
#define ZHPIPE_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"
#include "rules.h"

/*
 * Reads the whole of norm[0..len) (normalised text) as one amount of money
 * and fills the figure fields of *out: value (and value_to, has_to for a
 * range), approx, bound, unit (allocated; the record owns it), dimension
 * "currency".  Returns false, leaving *out unchanged, when it is not one.
 */
bool field_read_money(const ruleset *rs, const char *norm, size_t len, record *out);

#endif
