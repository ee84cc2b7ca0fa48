#pragma once

#include "Program.h"
#include "table/CategoricalColumn.h"
#include "util/Error.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace flowline::core {
class Table;
class TextColumn;
} // namespace flowline::core

namespace flowline::core::expr {

// One column of the table as the formula reads it.
struct Binding
{
    ColumnKind kind = ColumnKind::Numeric;
    int tableIndex = -1;
    const double *numbers = nullptr;
    const std::int64_t *times = nullptr;
    const std::int8_t *booleans = nullptr;
    const std::int32_t *codes = nullptr;
    const CategoricalColumn::Dictionary *dictionary = nullptr;
    const TextColumn *text = nullptr;
};

// Heap memory for one block (or one lifted table) of values.
class RawBuffer
{
public:
    RawBuffer() = default;
    explicit RawBuffer(std::size_t bytes)
        : m_data(std::make_unique<std::byte[]>(bytes == 0 ? 1 : bytes))
    {}
    void *get() const { return m_data.get(); }

private:
    std::unique_ptr<std::byte[]> m_data;
};

enum class Exec : std::uint8_t {
    Column,    // read the column's rows
    Kernel,    // compute from the arguments' blocks
    Broadcast, // a value computed once, repeated over the block
    Gather,    // a value computed once per category, looked up by each row's code
};

struct Step
{
    int node = 0;
    Exec exec = Exec::Kernel;
    int buffer = -1; // the block this step writes, or -1 when it points at existing memory
    int lifted = -1; // for Broadcast and Gather
};

// The steps that compute a node's block, in order, and the blocks they need. A block (with
// the texts it points to) is reused once nothing can still see its values, so a long formula
// needs few of them.
struct Plan
{
    std::vector<Step> steps;
    std::vector<ValueType> buffers;
    int root = 0;
};

// The working memory of one thread running a plan.
class Scratch
{
public:
    Scratch(const Plan &plan, std::size_t nodeCount);
    void *buffer(int i) const { return m_buffers[static_cast<std::size_t>(i)].get(); }
    // The texts of buffer i's block; emptied when the buffer is written again.
    StringArena &arena(int i) { return m_arenas[static_cast<std::size_t>(i)]; }

    std::vector<const void *> slots; // each node's current block
    std::vector<const void *> argv;
    StringArena unused; // for kernels that make no texts

private:
    std::vector<RawBuffer> m_buffers;
    std::vector<StringArena> m_arenas;
};

// Values a node takes whatever the row (one value repeated over a block), or per category
// of a categorical column (entry code + 1, so that entry 0 is the missing code -1).
struct Lifted
{
    ValueType type = ValueType::Null;
    int column = -1; // the categorical column, for Gather
    RawBuffer values;
    std::size_t bytes = 0;
    StringArena arena;
};

// A compiled program bound to the columns of one table, with its constant and per-category
// parts computed, ready to compute blocks of rows on any number of threads at once.
class BoundProgram
{
public:
    // Fails when a column the program reads is missing from table or changed its kind.
    // Without shortcuts, every node is computed row by row (a reference for tests).
    static Result<std::shared_ptr<const BoundProgram>>
    bind(const Program &program, const Table &table, bool shortcuts = true);

    const Program &program() const { return *m_program; }
    const Binding &binding(int column) const
    {
        return m_bindings[static_cast<std::size_t>(column)];
    }
    std::int64_t rows() const { return m_rows; }

    Scratch makeScratch() const { return Scratch(m_plan, m_program->nodes.size()); }
    // Memory for the values computed once plus one thread's blocks: a few kilobytes per node
    // at most, whatever the formula (so a long formula cannot exhaust memory).
    std::size_t workingBytes() const;
    // Computes rows [begin, begin + n) with n <= kBlockRows; returns the root's block, valid
    // until the next call with the same scratch.
    const void *runBlock(Scratch &scratch, std::int64_t begin, int n) const;

private:
    BoundProgram() = default;
    // Memory for constants kept as whole blocks; further ones are filled block by block, so
    // that a long list of literals holds only a few blocks at once.
    static constexpr std::size_t kBroadcastBytes = 1024 * 1024;

    void planAndLift(bool shortcuts);
    bool isSkipped(int node) const;
    void lift(int root, Dependence dependence);

    const Program *m_program = nullptr;
    std::vector<Binding> m_bindings;
    std::int64_t m_rows = 0;
    Plan m_plan;
    std::vector<Lifted> m_lifted;
};

} // namespace flowline::core::expr
