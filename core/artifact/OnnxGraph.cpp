#include "OnnxGraph.h"

namespace flowline::core::artifact::onnx_export {

namespace {

onnx::TensorProto &newInitializer(onnx::GraphProto &g, const Name &name, int type,
                                  const std::vector<std::int64_t> &dims)
{
    onnx::TensorProto &t = *g.add_initializer();
    t.set_name(name);
    t.set_data_type(type);
    for (std::int64_t d : dims)
        t.add_dims(d);
    return t;
}

void setType(onnx::ValueInfoProto &v, const Name &name, int elementType,
             const std::vector<std::int64_t> &dims)
{
    v.set_name(name);
    auto *tensor = v.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(elementType);
    auto *shape = tensor->mutable_shape();
    for (std::int64_t d : dims) {
        auto *dim = shape->add_dim();
        if (d == kBatch)
            dim->set_dim_param("N");
        else
            dim->set_dim_value(d);
    }
}

onnx::AttributeProto &newAttribute(onnx::NodeProto &node, const char *name,
                                   onnx::AttributeProto::AttributeType type)
{
    onnx::AttributeProto &a = *node.add_attribute();
    a.set_name(name);
    a.set_type(type);
    return a;
}

} // namespace

Name Graph::fresh(std::string_view hint)
{
    for (;;) {
        Name n = "fl/" + std::string(hint) + "_" + std::to_string(++m_counter);
        if (m_names.insert(n).second)
            return n;
    }
}

bool Graph::claim(const Name &name)
{
    return m_names.insert(name).second;
}

Name Graph::doubles(std::string_view hint, const std::vector<double> &values,
                    const std::vector<std::int64_t> &dims)
{
    const Name n = fresh(hint);
    auto &t = newInitializer(m_graph, n, onnx::TensorProto::DOUBLE, dims);
    for (double v : values)
        t.add_double_data(v);
    return n;
}

Name Graph::int64s(std::string_view hint, const std::vector<std::int64_t> &values,
                   const std::vector<std::int64_t> &dims)
{
    const Name n = fresh(hint);
    auto &t = newInitializer(m_graph, n, onnx::TensorProto::INT64, dims);
    for (std::int64_t v : values)
        t.add_int64_data(v);
    return n;
}

Name Graph::strings(std::string_view hint, const std::vector<std::string> &values,
                    const std::vector<std::int64_t> &dims)
{
    const Name n = fresh(hint);
    auto &t = newInitializer(m_graph, n, onnx::TensorProto::STRING, dims);
    for (const std::string &v : values)
        t.add_string_data(v);
    return n;
}

onnx::NodeProto &Graph::node(std::string_view op, const std::vector<Name> &inputs,
                             const std::vector<Name> &outputs, std::string_view domain)
{
    onnx::NodeProto &n = *m_graph.add_node();
    n.set_op_type(std::string(op));
    if (!domain.empty())
        n.set_domain(std::string(domain));
    n.set_name(std::string(op) + "_" + std::to_string(m_graph.node_size()));
    for (const Name &i : inputs)
        n.add_input(i);
    for (const Name &o : outputs)
        n.add_output(o);
    return n;
}

Name Graph::op(std::string_view op, const std::vector<Name> &inputs, std::string_view hint,
               std::string_view domain)
{
    const Name out = fresh(hint);
    node(op, inputs, {out}, domain);
    return out;
}

Name Graph::cast(const Name &input, int elementType)
{
    const Name out = fresh("cast");
    setInt(node("Cast", {input}, {out}), "to", elementType);
    return out;
}

void Graph::input(const Name &name, int elementType, const std::vector<std::int64_t> &dims)
{
    setType(*m_graph.add_input(), name, elementType, dims);
}

void Graph::output(const Name &name, int elementType, const std::vector<std::int64_t> &dims)
{
    setType(*m_graph.add_output(), name, elementType, dims);
}

void setInt(onnx::NodeProto &node, const char *name, std::int64_t value)
{
    newAttribute(node, name, onnx::AttributeProto::INT).set_i(value);
}

void setFloat(onnx::NodeProto &node, const char *name, float value)
{
    newAttribute(node, name, onnx::AttributeProto::FLOAT).set_f(value);
}

void setString(onnx::NodeProto &node, const char *name, std::string_view value)
{
    newAttribute(node, name, onnx::AttributeProto::STRING).set_s(std::string(value));
}

void setInts(onnx::NodeProto &node, const char *name, const std::vector<std::int64_t> &values)
{
    auto &a = newAttribute(node, name, onnx::AttributeProto::INTS);
    for (std::int64_t v : values)
        a.add_ints(v);
}

void setFloats(onnx::NodeProto &node, const char *name, const std::vector<float> &values)
{
    auto &a = newAttribute(node, name, onnx::AttributeProto::FLOATS);
    for (float v : values)
        a.add_floats(v);
}

void setStrings(onnx::NodeProto &node, const char *name, const std::vector<std::string> &values)
{
    auto &a = newAttribute(node, name, onnx::AttributeProto::STRINGS);
    for (const std::string &v : values)
        a.add_strings(v);
}

void setDoubleTensor(onnx::NodeProto &node, const char *name, const std::vector<double> &values)
{
    auto &a = newAttribute(node, name, onnx::AttributeProto::TENSOR);
    onnx::TensorProto &t = *a.mutable_t();
    t.set_data_type(onnx::TensorProto::DOUBLE);
    t.add_dims(std::int64_t(values.size()));
    for (double v : values)
        t.add_double_data(v);
}

} // namespace flowline::core::artifact::onnx_export
