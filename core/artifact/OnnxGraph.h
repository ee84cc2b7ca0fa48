#pragma once

// A small builder over ONNX's generated protobuf classes (Debian's libonnx, onnx-ml.proto):
// unique tensor names, constants as initializers, nodes and their attributes. Used only inside
// core/artifact by the exporter (OnnxExport.h is the public face).

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace flowline::core::artifact::onnx_export {

using Name = std::string;

inline constexpr std::string_view kMlDomain = "ai.onnx.ml";
inline constexpr std::int64_t kBatch = -1; // a dimension of any size ("N")

class Graph
{
public:
    explicit Graph(onnx::GraphProto &graph)
        : m_graph(graph)
    {}

    // A name no tensor has yet, from `hint`.
    Name fresh(std::string_view hint);
    // Claims an exact name (a graph input or output); false when it is taken.
    bool claim(const Name &name);

    Name doubles(std::string_view hint, const std::vector<double> &values,
                 const std::vector<std::int64_t> &dims);
    Name int64s(std::string_view hint, const std::vector<std::int64_t> &values,
                const std::vector<std::int64_t> &dims);
    Name strings(std::string_view hint, const std::vector<std::string> &values,
                 const std::vector<std::int64_t> &dims);

    onnx::NodeProto &node(std::string_view op, const std::vector<Name> &inputs,
                          const std::vector<Name> &outputs, std::string_view domain = {});
    // A node with one fresh output, returned.
    Name op(std::string_view op, const std::vector<Name> &inputs, std::string_view hint,
            std::string_view domain = {});
    Name cast(const Name &input, int elementType);

    void input(const Name &name, int elementType, const std::vector<std::int64_t> &dims);
    void output(const Name &name, int elementType, const std::vector<std::int64_t> &dims);

private:
    onnx::GraphProto &m_graph;
    std::set<Name> m_names;
    int m_counter = 0;
};

void setInt(onnx::NodeProto &node, const char *name, std::int64_t value);
void setFloat(onnx::NodeProto &node, const char *name, float value);
void setString(onnx::NodeProto &node, const char *name, std::string_view value);
void setInts(onnx::NodeProto &node, const char *name, const std::vector<std::int64_t> &values);
void setFloats(onnx::NodeProto &node, const char *name, const std::vector<float> &values);
void setStrings(onnx::NodeProto &node, const char *name, const std::vector<std::string> &values);
// A 1-D double tensor attribute (the ML operators' "*_as_tensor").
void setDoubleTensor(onnx::NodeProto &node, const char *name, const std::vector<double> &values);

} // namespace flowline::core::artifact::onnx_export
