// The one translation unit that compiles Asio and Beast (separate compilation, see style.md).
// Every other file includes only their headers, which then hold no function bodies.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
