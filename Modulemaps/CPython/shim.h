// What Swift cannot import from Python.h directly: macros, singletons and struct layouts.
#ifndef COG_HOST_CPYTHON_SHIM_H
#define COG_HOST_CPYTHON_SHIM_H

// <stdio.h> must come before <Python.h>: pyconfig.h turns on _GNU_SOURCE, and without this
// order a clean build fails on fd_set being defined differently in CDispatch and CPython.
#include <stdio.h>
#include <string.h>
#include <Python.h>
#include <frameobject.h>

// Singletons (macros in the headers).
static inline PyObject *cpy_none(void) { return Py_None; }
static inline PyObject *cpy_true(void) { return Py_True; }
static inline PyObject *cpy_false(void) { return Py_False; }
static inline PyObject *cpy_not_implemented(void) { return Py_NotImplemented; }

// Type checks that are macros over tp_flags.
static inline int cpy_unicode_check(PyObject *o) { return PyUnicode_Check(o); }
static inline int cpy_long_check(PyObject *o) { return PyLong_Check(o); }
static inline int cpy_bool_check(PyObject *o) { return PyBool_Check(o); }
static inline int cpy_float_check(PyObject *o) { return PyFloat_Check(o); }
static inline int cpy_list_check(PyObject *o) { return PyList_Check(o); }
static inline int cpy_tuple_check(PyObject *o) { return PyTuple_Check(o); }
static inline int cpy_dict_check(PyObject *o) { return PyDict_Check(o); }
static inline int cpy_bytes_check(PyObject *o) { return PyBytes_Check(o); }

static inline PyObject *cpy_tuple_get_item(PyObject *t, Py_ssize_t i) { return PyTuple_GET_ITEM(t, i); }
static inline Py_ssize_t cpy_vectorcall_nargs(size_t n) { return PyVectorcall_NARGS(n); }

// PyModuleDef_HEAD_INIT is a macro initializer.
static inline PyModuleDef_Base cpy_moduledef_head_init(void) {
    PyModuleDef_Base base = PyModuleDef_HEAD_INIT;
    return base;
}

// The object layout of every native type the host defines: the Python header followed by one
// pointer to storage owned by Swift. Keeping the layout in C keeps PyObject_HEAD out of Swift.
typedef struct {
    PyObject_HEAD
    void *payload;
} CogHostNativeObject;

static inline void *cpy_native_payload(PyObject *o) { return ((CogHostNativeObject *)o)->payload; }
static inline void cpy_native_set_payload(PyObject *o, void *p) { ((CogHostNativeObject *)o)->payload = p; }
static inline int cpy_native_basicsize(void) { return (int)sizeof(CogHostNativeObject); }

// tp_free and tp_alloc live in the type object; heap types expose them through PyType_GetSlot.
static inline void cpy_type_free(PyObject *o) {
    PyTypeObject *tp = Py_TYPE(o);
    freefunc f = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    f(o);
}

// Type flags are macro expressions; give Swift one typed value.
static inline unsigned long cpy_tpflags_default(void) { return Py_TPFLAGS_DEFAULT; }
static inline unsigned long cpy_tpflags_immutable(void) { return Py_TPFLAGS_IMMUTABLETYPE; }

#endif
