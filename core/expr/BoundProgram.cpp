#include "BoundProgram.h"

#include "table/BooleanColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/Table.h"
#include "table/TextColumn.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace flowline::core::expr {

namespace {

struct RunContext
{
    const Program &program;
    const Plan &plan;
    const std::vector<Binding> &bindings;
    const std::vector<Lifted> &lifted;
};

const void *loadColumn(const Binding &b, std::int64_t begin, int n, void *out)
{
    switch (b.kind) {
    case ColumnKind::Numeric:
        return b.numbers + begin;
    case ColumnKind::Datetime:
        return b.times + begin;
    case ColumnKind::Boolean: {
        auto *o = static_cast<std::uint8_t *>(out);
        const std::int8_t *v = b.booleans + begin;
        for (int i = 0; i < n; ++i)
            o[i] = v[i] < 0 ? kUnknown : v[i] > 0 ? kTrue : kFalse;
        return out;
    }
    case ColumnKind::Categorical: {
        auto *o = static_cast<StrVal *>(out);
        const std::int32_t *codes = b.codes + begin;
        const auto &dict = *b.dictionary;
        for (int i = 0; i < n; ++i)
            o[i] = codes[i] < 0 ? StrVal() : StrVal(dict[static_cast<std::size_t>(codes[i])]);
        return out;
    }
    case ColumnKind::Text: {
        auto *o = static_cast<StrVal *>(out);
        for (int i = 0; i < n; ++i)
            o[i] = b.text->isMissing(begin + i) ? StrVal() : b.text->value(begin + i);
        return out;
    }
    }
    return out;
}

template <class T>
void gatherAs(const void *table, const std::int32_t *codes, int n, void *out)
{
    const T *t = static_cast<const T *>(table) + 1;
    T *o = static_cast<T *>(out);
    for (int i = 0; i < n; ++i)
        o[i] = t[codes[i]];
}

void gather(ValueType type, const void *table, const std::int32_t *codes, int n, void *out)
{
    switch (type) {
    case ValueType::Number:
        return gatherAs<double>(table, codes, n, out);
    case ValueType::Boolean:
        return gatherAs<std::uint8_t>(table, codes, n, out);
    case ValueType::Text:
        return gatherAs<StrVal>(table, codes, n, out);
    case ValueType::Datetime:
        return gatherAs<std::int64_t>(table, codes, n, out);
    case ValueType::Null:
        break;
    }
}

const void *run(const RunContext &rc, Scratch &s, std::int64_t begin, int n)
{
    for (const Step &step : rc.plan.steps) {
        const Node &node = rc.program.nodes[static_cast<std::size_t>(step.node)];
        void *out = step.buffer >= 0 ? s.buffer(step.buffer) : nullptr;
        const void *result = out;
        switch (step.exec) {
        case Exec::Column:
            result = loadColumn(rc.bindings[static_cast<std::size_t>(node.column)], begin, n, out);
            break;
        case Exec::Broadcast:
            result = rc.lifted[static_cast<std::size_t>(step.lifted)].values.get();
            break;
        case Exec::Gather: {
            const Lifted &l = rc.lifted[static_cast<std::size_t>(step.lifted)];
            const Binding &b = rc.bindings[static_cast<std::size_t>(l.column)];
            gather(l.type, l.values.get(), b.codes + begin, n, out);
            break;
        }
        case Exec::Kernel: {
            s.argv.resize(node.args.size());
            for (std::size_t k = 0; k < node.args.size(); ++k)
                s.argv[k] = s.slots[static_cast<std::size_t>(node.args[k])];
            StringArena &arena = node.type == ValueType::Text ? s.arena(step.buffer) : s.unused;
            arena.reset();
            node.kernel(KernelCall{node, s.argv.data(), out, n, arena, rc.program.nodes.data()});
            break;
        }
        }
        s.slots[static_cast<std::size_t>(step.node)] = result;
    }
    return s.slots[static_cast<std::size_t>(rc.plan.root)];
}

bool needsBuffer(Exec exec, const Node &node, const std::vector<Binding> &bindings)
{
    switch (exec) {
    case Exec::Kernel:
    case Exec::Gather:
        return true;
    case Exec::Broadcast:
        return false;
    case Exec::Column: {
        const ColumnKind kind = bindings[static_cast<std::size_t>(node.column)].kind;
        return kind != ColumnKind::Numeric && kind != ColumnKind::Datetime;
    }
    }
    return true;
}

// Steps for the nodes in order (each after its arguments), giving each step that writes a
// block a buffer that nothing still in use can see: neither an argument waiting for its
// consumer, nor the texts a result such as if(c, a, b) may still point into.
Plan makePlan(const Program &program, const std::vector<Step> &order,
              const std::vector<Binding> &bindings)
{
    Plan plan;
    plan.root = order.back().node;
    // The buffers that must live as long as a node's value: its own, and those of argument
    // texts it may point into.
    std::vector<std::vector<int>> held(program.nodes.size());
    std::vector<std::vector<int>> freeBuffers(5);
    for (Step step : order) {
        const Node &node = program.nodes[static_cast<std::size_t>(step.node)];
        auto &mine = held[static_cast<std::size_t>(step.node)];
        if (needsBuffer(step.exec, node, bindings)) {
            auto &pool = freeBuffers[static_cast<std::size_t>(node.type)];
            if (pool.empty()) {
                step.buffer = static_cast<int>(plan.buffers.size());
                plan.buffers.push_back(node.type);
            } else {
                step.buffer = pool.back();
                pool.pop_back();
            }
            mine.push_back(step.buffer);
        }
        if (step.exec == Exec::Kernel) {
            for (int a : node.args) {
                auto &theirs = held[static_cast<std::size_t>(a)];
                const bool kept =
                    node.viewsArguments && node.type == ValueType::Text &&
                    program.nodes[static_cast<std::size_t>(a)].type == ValueType::Text;
                for (int b : theirs) {
                    if (kept)
                        mine.push_back(b);
                    else
                        freeBuffers[static_cast<std::size_t>(plan.buffers[b])].push_back(b);
                }
                theirs.clear();
            }
        }
        plan.steps.push_back(step);
    }
    return plan;
}

template <class T>
void copyValues(const void *from, int n, void *to, std::int64_t at, StringArena &arena)
{
    const T *f = static_cast<const T *>(from);
    T *t = static_cast<T *>(to) + at;
    for (int i = 0; i < n; ++i) {
        if constexpr (std::is_same_v<T, StrVal>)
            t[i] = isMissing(f[i]) ? f[i] : arena.store(f[i]);
        else
            t[i] = f[i];
    }
}

// Copies n values of a block to position at of a lifted table (texts into its arena).
void copyBlock(Lifted &l, const void *block, int n, std::int64_t at)
{
    switch (l.type) {
    case ValueType::Number:
        return copyValues<double>(block, n, l.values.get(), at, l.arena);
    case ValueType::Boolean:
        return copyValues<std::uint8_t>(block, n, l.values.get(), at, l.arena);
    case ValueType::Text:
        return copyValues<StrVal>(block, n, l.values.get(), at, l.arena);
    case ValueType::Datetime:
        return copyValues<std::int64_t>(block, n, l.values.get(), at, l.arena);
    case ValueType::Null:
        break;
    }
}

} // namespace

Scratch::Scratch(const Plan &plan, std::size_t nodeCount)
    : slots(nodeCount, nullptr)
{
    for (ValueType t : plan.buffers)
        m_buffers.emplace_back(valueSize(t) * kBlockRows);
    m_arenas.resize(plan.buffers.size());
}

Result<std::shared_ptr<const BoundProgram>> BoundProgram::bind(const Program &program,
                                                               const Table &table, bool shortcuts)
{
    std::shared_ptr<BoundProgram> bound(new BoundProgram);
    bound->m_program = &program;
    bound->m_rows = table.rowCount();
    for (const ColumnRef &ref : program.columns) {
        const int index = table.indexOf(ref.name);
        if (index < 0)
            return Error{QStringLiteral("the formula uses the column '%1', which the table does "
                                        "not have")
                             .arg(ref.name)};
        const Column &column = *table.column(index);
        const bool asText =
            (ref.kind == ColumnKind::Categorical || ref.kind == ColumnKind::Text) &&
            (column.kind() == ColumnKind::Categorical || column.kind() == ColumnKind::Text);
        if (column.kind() != ref.kind && !asText)
            return Error{QStringLiteral("the formula was checked with the column '%1' as %2, but "
                                        "it is now %3")
                             .arg(ref.name, kindName(ref.kind), kindName(column.kind()))};
        Binding b;
        b.kind = column.kind();
        b.tableIndex = index;
        switch (b.kind) {
        case ColumnKind::Numeric:
            b.numbers = static_cast<const NumericColumn &>(column).data();
            break;
        case ColumnKind::Datetime:
            b.times = static_cast<const DatetimeColumn &>(column).data();
            break;
        case ColumnKind::Boolean:
            b.booleans = static_cast<const BooleanColumn &>(column).data();
            break;
        case ColumnKind::Categorical:
            b.codes = static_cast<const CategoricalColumn &>(column).codes().data();
            b.dictionary = &static_cast<const CategoricalColumn &>(column).dictionary();
            break;
        case ColumnKind::Text:
            b.text = static_cast<const TextColumn *>(&column);
            break;
        }
        bound->m_bindings.push_back(b);
    }
    bound->planAndLift(shortcuts);
    return std::shared_ptr<const BoundProgram>(std::move(bound));
}

void BoundProgram::planAndLift(bool shortcuts)
{
    const auto &nodes = m_program->nodes;
    const int root = m_program->root();
    // What each node depends on for this table: a part that depends on one categorical column
    // is computed per category only when that is clearly cheaper than per row.
    std::vector<Dependence> dep(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        dep[i] = shortcuts ? nodes[i].dependence : Dependence::Rows;
        if (dep[i] == Dependence::Category) {
            const Binding &b = m_bindings[static_cast<std::size_t>(nodes[i].categoryColumn)];
            const bool cheaper =
                b.kind == ColumnKind::Categorical &&
                2 * (static_cast<std::int64_t>(b.dictionary->size()) + 1) <= m_rows;
            if (!cheaper)
                dep[i] = Dependence::Rows;
        }
    }
    std::vector<Step> order;
    std::size_t broadcastBytes = 0;
    for (int i = 0; i <= root; ++i) {
        if (isSkipped(i))
            continue;
        const Node &n = nodes[static_cast<std::size_t>(i)];
        const Dependence d = dep[static_cast<std::size_t>(i)];
        const bool liftRoot =
            m_rows > 0 && d != Dependence::Rows && n.kind != NodeKind::Column &&
            (i == root || dep[static_cast<std::size_t>(n.parent)] == Dependence::Rows) &&
            (d == Dependence::Category ||
             broadcastBytes + valueSize(n.type) * kBlockRows <= kBroadcastBytes);
        if (liftRoot) {
            if (d == Dependence::Const)
                broadcastBytes += valueSize(n.type) * kBlockRows;
            // Its subtree [first, i] was computed once: drop those steps again.
            while (!order.empty() && order.back().node >= n.first)
                order.pop_back();
            Step step;
            step.node = i;
            step.exec = d == Dependence::Const ? Exec::Broadcast : Exec::Gather;
            step.lifted = static_cast<int>(m_lifted.size());
            lift(i, d);
            order.push_back(step);
            continue;
        }
        Step step;
        step.node = i;
        step.exec = n.kind == NodeKind::Column ? Exec::Column : Exec::Kernel;
        order.push_back(step);
    }
    m_plan = makePlan(*m_program, order, m_bindings);
}

void BoundProgram::lift(int root, Dependence dependence)
{
    const Node &node = m_program->nodes[static_cast<std::size_t>(root)];
    std::vector<Step> order;
    for (int i = node.first; i <= root; ++i) {
        if (isSkipped(i))
            continue;
        Step step;
        step.node = i;
        step.exec = m_program->nodes[static_cast<std::size_t>(i)].kind == NodeKind::Column
                        ? Exec::Column
                        : Exec::Kernel;
        order.push_back(step);
    }
    const Plan plan = makePlan(*m_program, order, m_bindings);

    Lifted lifted;
    lifted.type = node.type;
    std::vector<Binding> bindings = m_bindings;
    std::vector<std::int32_t> codes;
    std::int64_t count = 1;
    if (dependence == Dependence::Category) {
        lifted.column = node.categoryColumn;
        Binding &b = bindings[static_cast<std::size_t>(node.categoryColumn)];
        codes.resize(b.dictionary->size() + 1);
        std::iota(codes.begin(), codes.end(), -1);
        b.codes = codes.data();
        count = static_cast<std::int64_t>(codes.size());
    }
    const std::size_t size = valueSize(node.type);
    lifted.bytes = size * static_cast<std::size_t>(std::max<std::int64_t>(
                              count, dependence == Dependence::Const ? kBlockRows : 0));
    lifted.values = RawBuffer(lifted.bytes);
    const RunContext rc{*m_program, plan, bindings, m_lifted};
    Scratch scratch(plan, m_program->nodes.size());
    for (std::int64_t begin = 0; begin < count; begin += kBlockRows) {
        const int n = static_cast<int>(std::min<std::int64_t>(kBlockRows, count - begin));
        copyBlock(lifted, run(rc, scratch, begin, n), n, begin);
    }
    if (dependence == Dependence::Const) {
        auto *bytes = static_cast<std::byte *>(lifted.values.get());
        for (int i = 1; i < kBlockRows; ++i)
            std::memcpy(bytes + static_cast<std::size_t>(i) * size, bytes, size);
    }
    m_lifted.push_back(std::move(lifted));
}

bool BoundProgram::isSkipped(int i) const
{
    const Node &n = m_program->nodes[static_cast<std::size_t>(i)];
    if (n.parent < 0 || n.kind != NodeKind::Literal)
        return false;
    const Node &parent = m_program->nodes[static_cast<std::size_t>(n.parent)];
    return parent.kind == NodeKind::In && parent.literalItems && parent.args.front() != i;
}

std::size_t BoundProgram::workingBytes() const
{
    std::size_t bytes = 0;
    for (const Lifted &l : m_lifted)
        bytes += l.bytes;
    for (ValueType t : m_plan.buffers)
        bytes += valueSize(t) * kBlockRows;
    return bytes;
}

const void *BoundProgram::runBlock(Scratch &scratch, std::int64_t begin, int n) const
{
    return run(RunContext{*m_program, m_plan, m_bindings, m_lifted}, scratch, begin, n);
}

} // namespace flowline::core::expr
