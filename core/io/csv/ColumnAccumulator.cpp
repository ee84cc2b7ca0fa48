#include "ColumnAccumulator.h"

#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include <sys/mman.h>

namespace flowline::core::csv {

namespace {

// Asks for transparent huge pages over a large fresh allocation: a column of millions of values
// then faults in 2 MiB at a time instead of 4 KiB (page faults are a good part of the import
// time on virtual machines). Only advice: without it, or on other systems, nothing changes.
void adviseHugePages(void *data, std::size_t bytes)
{
#ifdef MADV_HUGEPAGE
    constexpr std::uintptr_t kHuge = std::uintptr_t(2) << 20;
    if (bytes < 2 * kHuge)
        return;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

template <class T>
void appendVector(std::vector<T> &to, std::vector<T> &from, std::int64_t reserve)
{
    if (to.empty() && to.capacity() < from.size()) {
        if (reserve > static_cast<std::int64_t>(from.size())) {
            to.reserve(static_cast<std::size_t>(reserve));
            adviseHugePages(to.data(), to.capacity() * sizeof(T));
        }
    }
    to.insert(to.end(), from.begin(), from.end());
    from.clear(); // keeps its storage for the next chunk
}
} // namespace

void ColumnAccumulator::reset()
{
    const auto reserve = m_reserve;
    const auto limit = m_textModeLimit;
    *this = ColumnAccumulator();
    m_reserve = reserve;
    m_textModeLimit = limit;
}

ColumnTarget ColumnAccumulator::widen(PieceKind a, DateLayout la, const ColumnPiece &b)
{
    if (a == PieceKind::Datetime && b.kind == PieceKind::Datetime && la != b.layout)
        return ColumnTarget{PieceKind::Datetime, b.layout, false};
    return ColumnTarget{PieceKind::String, DateLayout::None, false};
}

void ColumnAccumulator::adopt(const ColumnPiece &piece)
{
    const std::int64_t missing = m_rows;
    m_kind = piece.kind;
    m_layout = piece.layout;
    m_rows = 0;
    appendMissing(missing);
}

void ColumnAccumulator::appendMissing(std::int64_t n)
{
    const auto count = static_cast<std::size_t>(n);
    switch (m_kind) {
    case PieceKind::Empty:
        break;
    case PieceKind::Numeric:
        m_numbers.insert(m_numbers.end(), count, std::numeric_limits<double>::quiet_NaN());
        break;
    case PieceKind::Boolean:
        m_booleans.insert(m_booleans.end(), count, BooleanColumn::kMissing);
        break;
    case PieceKind::Datetime:
        m_times.insert(m_times.end(), count, DatetimeColumn::kMissing);
        break;
    case PieceKind::String:
        if (m_textMode) {
            for (std::size_t i = 0; i < count; ++i)
                m_text.appendMissing();
        } else {
            m_codes.insert(m_codes.end(), count, -1);
        }
        break;
    }
    m_rows += n;
}

std::int32_t ColumnAccumulator::intern(std::string_view text)
{
    auto it = m_index.find(text);
    if (it != m_index.end())
        return it->second;
    const auto code = static_cast<std::int32_t>(m_dictionary.size());
    m_dictionary.emplace_back(text);
    m_index.emplace(std::string(text), code);
    return code;
}

void ColumnAccumulator::switchToText()
{
    m_textMode = true;
    m_text.reserve(static_cast<std::int64_t>(m_codes.size()), 0);
    for (auto code : m_codes) {
        if (code < 0)
            m_text.appendMissing();
        else
            m_text.append(m_dictionary[static_cast<std::size_t>(code)]);
    }
    std::vector<std::int32_t>().swap(m_codes);
    m_index.clear();
    m_dictionary.clear();
}

ColumnAccumulator::Fit ColumnAccumulator::append(ColumnPiece &piece)
{
    if (piece.kind == PieceKind::Empty) {
        appendMissing(piece.rows);
        return Fit::Appended;
    }
    if (m_kind == PieceKind::Empty)
        adopt(piece);
    if (piece.kind != m_kind) {
        return m_kind == PieceKind::String ? Fit::NeedString : Fit::Conflict;
    }
    if (m_kind == PieceKind::Datetime && piece.layout != m_layout)
        return Fit::Conflict;

    switch (m_kind) {
    case PieceKind::Numeric:
        appendVector(m_numbers, piece.numbers, m_reserve);
        break;
    case PieceKind::Boolean:
        appendVector(m_booleans, piece.booleans, m_reserve);
        break;
    case PieceKind::Datetime:
        appendVector(m_times, piece.times, m_reserve);
        break;
    case PieceKind::String:
        if (!m_textMode && piece.dictionaryEncoded) {
            std::vector<std::int32_t> remap(piece.dictionary.size());
            for (std::size_t i = 0; i < piece.dictionary.size(); ++i)
                remap[i] = intern(piece.dictionary[i]);
            if (m_codes.empty() && m_reserve > piece.rows)
                m_codes.reserve(static_cast<std::size_t>(m_reserve));
            for (auto code : piece.codes) {
                m_codes.push_back(code < 0 ? -1 : remap[static_cast<std::size_t>(code)]);
                m_nonMissing += code < 0 ? 0 : 1;
            }
        } else {
            for (std::int64_t i = 0; i < piece.rows; ++i) {
                const auto row = static_cast<std::size_t>(i);
                std::string_view text;
                bool present = false;
                if (piece.dictionaryEncoded) {
                    present = piece.codes[row] >= 0;
                    if (present)
                        text = piece.dictionary[static_cast<std::size_t>(piece.codes[row])];
                } else {
                    present = piece.valid[row] != 0;
                    if (present)
                        text = std::string_view(piece.text)
                                   .substr(static_cast<std::size_t>(piece.offsets[row]),
                                           static_cast<std::size_t>(piece.offsets[row + 1] -
                                                                    piece.offsets[row]));
                }
                m_nonMissing += present ? 1 : 0;
                if (m_textMode) {
                    present ? m_text.append(text) : m_text.appendMissing();
                } else {
                    m_codes.push_back(present ? intern(text) : -1);
                    if (static_cast<std::int32_t>(m_dictionary.size()) > m_textModeLimit)
                        switchToText();
                }
            }
        }
        if (!m_textMode && static_cast<std::int32_t>(m_dictionary.size()) > m_textModeLimit)
            switchToText();
        break;
    case PieceKind::Empty:
        break;
    }
    m_rows += piece.rows;
    return Fit::Appended;
}

ColumnPtr ColumnAccumulator::finish(std::optional<ColumnKind> forced, std::int32_t maxCategories)
{
    const auto n = static_cast<std::size_t>(m_rows);
    switch (m_kind) {
    case PieceKind::Empty:
        if (forced == ColumnKind::Categorical)
            return std::make_shared<const CategoricalColumn>(std::vector<std::int32_t>(n, -1),
                                                             nullptr);
        if (forced == ColumnKind::Text || (!forced && n == 0)) {
            TextColumnBuilder b;
            for (std::size_t i = 0; i < n; ++i)
                b.appendMissing();
            return b.finish();
        }
        if (forced == ColumnKind::Boolean)
            return std::make_shared<const BooleanColumn>(
                std::vector<std::int8_t>(n, BooleanColumn::kMissing));
        if (forced == ColumnKind::Datetime)
            return std::make_shared<const DatetimeColumn>(
                std::vector<std::int64_t>(n, DatetimeColumn::kMissing));
        return std::make_shared<const NumericColumn>(
            std::vector<double>(n, std::numeric_limits<double>::quiet_NaN()));
    case PieceKind::Numeric:
        return std::make_shared<const NumericColumn>(std::move(m_numbers));
    case PieceKind::Boolean:
        return std::make_shared<const BooleanColumn>(std::move(m_booleans));
    case PieceKind::Datetime:
        return std::make_shared<const DatetimeColumn>(std::move(m_times));
    case PieceKind::String:
        break;
    }
    const auto distinct = static_cast<std::int64_t>(m_dictionary.size());
    const bool categorical = !m_textMode && (forced == ColumnKind::Categorical ||
                                             (!forced && distinct <= maxCategories &&
                                              (distinct <= 16 || 2 * distinct <= m_nonMissing)));
    if (!categorical) {
        if (!m_textMode)
            switchToText();
        return m_text.finish();
    }
    // Categories in ascending (byte) order, so the codes do not depend on the file's row order.
    std::vector<std::int32_t> order(m_dictionary.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [this](std::int32_t a, std::int32_t b) {
        return m_dictionary[static_cast<std::size_t>(a)] <
               m_dictionary[static_cast<std::size_t>(b)];
    });
    std::vector<std::int32_t> remap(order.size());
    auto dictionary = std::make_shared<CategoricalColumn::Dictionary>();
    dictionary->reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        remap[static_cast<std::size_t>(order[i])] = static_cast<std::int32_t>(i);
        dictionary->push_back(std::move(m_dictionary[static_cast<std::size_t>(order[i])]));
    }
    for (auto &code : m_codes) {
        if (code >= 0)
            code = remap[static_cast<std::size_t>(code)];
    }
    m_index.clear();
    return std::make_shared<const CategoricalColumn>(std::move(m_codes), std::move(dictionary));
}

} // namespace flowline::core::csv
