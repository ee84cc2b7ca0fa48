# The ctest fixture that installs onnxruntime-node into the build folder (tests need a real ONNX
# runtime; nothing is installed by hand). Run as:
#   cmake -DNPM=... -DNODE=... -DDIR=... -DVERSION=... -P InstallOnnxRuntime.cmake
# --ignore-scripts: the package's install script only fetches optional GPU files from a host
# that may be unreachable; the CPU runtime ships inside the package. Already installed: nothing
# to do. Any failure stops with a message saying what to fix.

if(NOT NODE OR NODE MATCHES "NOTFOUND$")
    message(FATAL_ERROR "node (Node.js) was not found: install nodejs and npm "
                        "(installer/bootstrap.sh) to run the ONNX runtime tests")
endif()
if(NOT NPM OR NPM MATCHES "NOTFOUND$")
    message(FATAL_ERROR "npm was not found: install npm (installer/bootstrap.sh) to run the "
                        "ONNX runtime tests")
endif()

set(_check ${NODE} -e "require('onnxruntime-node')")
set(ENV{NODE_PATH} "${DIR}/node_modules")
if(EXISTS "${DIR}/node_modules/onnxruntime-node/package.json")
    file(READ "${DIR}/node_modules/onnxruntime-node/package.json" _package)
    string(JSON _have GET "${_package}" version)
    if(_have STREQUAL VERSION)
        execute_process(COMMAND ${_check} RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
        if(_rc EQUAL 0)
            message(STATUS "onnxruntime-node ${VERSION} is installed in ${DIR}")
            return()
        endif()
    endif()
endif()

file(MAKE_DIRECTORY "${DIR}")
message(STATUS "npm install --ignore-scripts onnxruntime-node@${VERSION} into ${DIR}")
execute_process(
    COMMAND ${NPM} install --ignore-scripts --no-audit --no-fund --no-save --prefix "${DIR}"
            "onnxruntime-node@${VERSION}"
    RESULT_VARIABLE _rc
    OUTPUT_VARIABLE _out
    ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "npm install --ignore-scripts onnxruntime-node@${VERSION} failed "
                        "(exit ${_rc}); the ONNX export tests need it (network access to the npm "
                        "registry).\n${_out}\n${_err}")
endif()
execute_process(COMMAND ${_check} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "onnxruntime-node was installed in ${DIR} but does not load:\n${_out}\n${_err}")
endif()
message(STATUS "onnxruntime-node ${VERSION} installed in ${DIR}")
