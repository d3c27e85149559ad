// The part of CPython's C API that cog-host uses, declared without <Python.h>, and the table its
// functions are loaded into at run time (see PythonLibrary.c and PythonRuntime's PythonLibrary).
//
// Nothing here links libpython: every API function below is a static inline wrapper that calls
// through `cpy_api`, which `cpy_library_load` fills with dlsym once per process. What is declared
// is what CPython 3.10, 3.11, 3.12 and 3.13 share on 64-bit Linux (the stable ABI where it
// suffices: object head, type specs, method tables, slot numbers). What differs between those
// versions (PyConfig's layout above all) is not declared here: PythonRuntime handles each
// difference in Swift, in one place, naming the version.
#ifndef COG_HOST_CPYTHON_H
#define COG_HOST_CPYTHON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <wchar.h>

typedef ssize_t Py_ssize_t;
typedef Py_ssize_t Py_hash_t;

// The object head (PyObject_HEAD) of a build with the GIL: a reference count and the type. In
// 3.12+ the count is a union with two 32-bit halves (immortal objects); its size is the same.
// Free-threaded builds (3.13t) have another head; PythonRuntime refuses them.
typedef struct _object {
    Py_ssize_t ob_refcnt;
    struct _typeobject *ob_type;
} PyObject;

// Type objects are only ever handled by pointer; their layout past the head is version specific.
typedef struct _typeobject {
    PyObject ob_base;
    Py_ssize_t ob_size;
} PyTypeObject;

typedef struct _ts PyThreadState;
typedef struct PyCompilerFlags PyCompilerFlags;
// PyConfig's layout differs in every minor version: PythonRuntime allocates and fills it (PythonConfigLayout).
typedef struct PyConfig PyConfig;

typedef enum { PyGILState_LOCKED, PyGILState_UNLOCKED } PyGILState_STATE;

// Same in 3.8-3.13.
typedef struct {
    enum { _PyStatus_TYPE_OK = 0, _PyStatus_TYPE_ERROR = 1, _PyStatus_TYPE_EXIT = 2 } _type;
    const char *func;
    const char *err_msg;
    int exitcode;
} PyStatus;

// Same in 3.8-3.13 on POSIX (Windows adds legacy_windows_fs_encoding).
typedef struct {
    int _config_init;
    int parse_argv;
    int isolated;
    int use_environment;
    int configure_locale;
    int coerce_c_locale;
    int coerce_c_locale_warn;
    int utf8_mode;
    int dev_mode;
    int allocator;
} PyPreConfig;

typedef PyObject *(*PyCFunction)(PyObject *, PyObject *);
typedef PyObject *(*getter)(PyObject *, void *);
typedef int (*setter)(PyObject *, PyObject *, void *);

typedef struct PyMethodDef {
    const char *ml_name;
    PyCFunction ml_meth;
    int ml_flags;
    const char *ml_doc;
} PyMethodDef;

typedef struct PyGetSetDef {
    const char *name;
    getter get;
    setter set;
    const char *doc;
    void *closure;
} PyGetSetDef;

typedef struct {
    int slot;
    void *pfunc;
} PyType_Slot;

typedef struct {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned int flags;
    PyType_Slot *slots;
} PyType_Spec;

// Stable ABI constants (typeslots.h, methodobject.h, compile.h, object.h).
#define Py_tp_dealloc 52
#define Py_tp_doc 56
#define Py_tp_hash 59
#define Py_tp_methods 64
#define Py_tp_new 65
#define Py_tp_repr 66
#define Py_tp_richcompare 67
#define Py_tp_setattro 69
#define Py_tp_str 70
#define Py_tp_getset 73
#define Py_tp_free 74

#define METH_VARARGS 0x0001
#define METH_KEYWORDS 0x0002
#define METH_NOARGS 0x0004
#define METH_O 0x0008
#define METH_FASTCALL 0x0080

#define Py_file_input 257
#define Py_eval_input 258

#define Py_TPFLAGS_DEFAULT 0UL
#define Py_TPFLAGS_IMMUTABLETYPE (1UL << 8)
#define Py_TPFLAGS_LONG_SUBCLASS (1UL << 24)
#define Py_TPFLAGS_LIST_SUBCLASS (1UL << 25)
#define Py_TPFLAGS_TUPLE_SUBCLASS (1UL << 26)
#define Py_TPFLAGS_BYTES_SUBCLASS (1UL << 27)
#define Py_TPFLAGS_UNICODE_SUBCLASS (1UL << 28)
#define Py_TPFLAGS_DICT_SUBCLASS (1UL << 29)

// The functions cog-host calls: (return type, name, parameters, arguments). Every one is exported
// by libpython 3.10-3.13. CPY_VOID_FUNCTIONS return nothing.
#define CPY_FUNCTIONS(F) \
    F(int, PyBytes_AsStringAndSize, (PyObject *o, char **buffer, Py_ssize_t *length), (o, buffer, length)) \
    F(PyStatus, PyConfig_SetBytesArgv, (PyConfig *config, Py_ssize_t argc, char *const *argv), (config, argc, argv)) \
    F(PyStatus, PyConfig_SetBytesString, (PyConfig *config, wchar_t **field, const char *value), (config, field, value)) \
    F(PyObject *, PyDict_Items, (PyObject *dict), (dict)) \
    F(PyObject *, PyDict_New, (void), ()) \
    F(int, PyErr_GivenExceptionMatches, (PyObject *given, PyObject *exception), (given, exception)) \
    F(PyObject *, PyErr_Occurred, (void), ()) \
    F(PyThreadState *, PyEval_SaveThread, (void), ()) \
    F(int, PyException_SetTraceback, (PyObject *exception, PyObject *traceback), (exception, traceback)) \
    F(double, PyFloat_AsDouble, (PyObject *o), (o)) \
    F(PyObject *, PyFloat_FromDouble, (double value), (value)) \
    F(int, PyGILState_Check, (void), ()) \
    F(PyGILState_STATE, PyGILState_Ensure, (void), ()) \
    F(PyObject *, PyImport_ImportModule, (const char *name), (name)) \
    F(int, PyList_Append, (PyObject *list, PyObject *item), (list, item)) \
    F(PyObject *, PyList_GetItem, (PyObject *list, Py_ssize_t index), (list, index)) \
    F(PyObject *, PyList_New, (Py_ssize_t length), (length)) \
    F(Py_ssize_t, PyList_Size, (PyObject *list), (list)) \
    F(long long, PyLong_AsLongLong, (PyObject *o), (o)) \
    F(PyObject *, PyLong_FromLongLong, (long long value), (value)) \
    F(PyObject *, PyModule_New, (const char *name), (name)) \
    F(PyObject *, PyObject_Call, (PyObject *callable, PyObject *args, PyObject *kwargs), (callable, args, kwargs)) \
    F(PyObject *, PyObject_Format, (PyObject *o, PyObject *spec), (o, spec)) \
    F(PyObject *, PyObject_GetAttrString, (PyObject *o, const char *name), (o, name)) \
    F(PyObject *, PyObject_GetItem, (PyObject *o, PyObject *key), (o, key)) \
    F(int, PyObject_HasAttrString, (PyObject *o, const char *name), (o, name)) \
    F(int, PyObject_IsInstance, (PyObject *o, PyObject *cls), (o, cls)) \
    F(int, PyObject_IsTrue, (PyObject *o), (o)) \
    F(PyObject *, PyObject_Repr, (PyObject *o), (o)) \
    F(int, PyObject_SetAttrString, (PyObject *o, const char *name, PyObject *value), (o, name, value)) \
    F(int, PyObject_SetItem, (PyObject *o, PyObject *key, PyObject *value), (o, key, value)) \
    F(PyObject *, PyObject_Str, (PyObject *o), (o)) \
    F(PyObject *, PyRun_StringFlags, (const char *source, int start, PyObject *globals, PyObject *locals, PyCompilerFlags *flags), (source, start, globals, locals, flags)) \
    F(PyObject *, PySequence_List, (PyObject *o), (o)) \
    F(int, PyStatus_Exception, (PyStatus status), (status)) \
    F(PyObject *, PyTuple_GetItem, (PyObject *tuple, Py_ssize_t index), (tuple, index)) \
    F(PyObject *, PyTuple_New, (Py_ssize_t length), (length)) \
    F(int, PyTuple_SetItem, (PyObject *tuple, Py_ssize_t index, PyObject *item), (tuple, index, item)) \
    F(PyObject *, PyType_FromSpec, (PyType_Spec *spec), (spec)) \
    F(PyObject *, PyType_GenericAlloc, (PyTypeObject *type, Py_ssize_t items), (type, items)) \
    F(unsigned long, PyType_GetFlags, (PyTypeObject *type), (type)) \
    F(void *, PyType_GetSlot, (PyTypeObject *type, int slot), (type, slot)) \
    F(int, PyType_IsSubtype, (PyTypeObject *a, PyTypeObject *b), (a, b)) \
    F(PyObject *, PyUnicode_AsEncodedString, (PyObject *o, const char *encoding, const char *errors), (o, encoding, errors)) \
    F(const char *, PyUnicode_AsUTF8AndSize, (PyObject *o, Py_ssize_t *size), (o, size)) \
    F(PyObject *, PyUnicode_DecodeUTF8, (const char *bytes, Py_ssize_t size, const char *errors), (bytes, size, errors)) \
    F(const char *, Py_GetVersion, (void), ()) \
    F(PyStatus, Py_InitializeFromConfig, (const PyConfig *config), (config)) \
    F(int, Py_IsInitialized, (void), ()) \
    F(PyStatus, Py_PreInitialize, (const PyPreConfig *config), (config)) \
    F(int, Py_RunMain, (void), ())

#define CPY_VOID_FUNCTIONS(F) \
    F(PyConfig_Clear, (PyConfig *config), (config)) \
    F(PyConfig_InitPythonConfig, (PyConfig *config), (config)) \
    F(PyErr_Clear, (void), ()) \
    F(PyErr_Fetch, (PyObject **type, PyObject **value, PyObject **traceback), (type, value, traceback)) \
    F(PyErr_NormalizeException, (PyObject **type, PyObject **value, PyObject **traceback), (type, value, traceback)) \
    F(PyErr_SetObject, (PyObject *type, PyObject *value), (type, value)) \
    F(PyErr_SetString, (PyObject *type, const char *message), (type, message)) \
    F(PyEval_RestoreThread, (PyThreadState *state), (state)) \
    F(PyGILState_Release, (PyGILState_STATE state), (state)) \
    F(PyPreConfig_InitPythonConfig, (PyPreConfig *config), (config)) \
    F(Py_DecRef, (PyObject *o), (o)) \
    F(Py_IncRef, (PyObject *o), (o))

// Objects: the singletons and types, by the address of their static struct.
#define CPY_OBJECTS(F) \
    F(_Py_NoneStruct) \
    F(_Py_TrueStruct) \
    F(_Py_FalseStruct) \
    F(_Py_NotImplementedStruct) \
    F(PyBool_Type) \
    F(PyFloat_Type)

// Exception classes: pointer variables (`PyObject *PyExc_TypeError`).
#define CPY_EXCEPTIONS(F) \
    F(PyExc_AttributeError) \
    F(PyExc_IndexError) \
    F(PyExc_KeyError) \
    F(PyExc_KeyboardInterrupt) \
    F(PyExc_RuntimeError) \
    F(PyExc_SystemExit) \
    F(PyExc_TypeError) \
    F(PyExc_ValueError)

typedef struct {
#define CPY_FIELD(ret, name, params, args) ret (*name) params;
#define CPY_VOID_FIELD(name, params, args) void (*name) params;
#define CPY_OBJECT_FIELD(name) PyObject *name;
#define CPY_EXCEPTION_FIELD(name) PyObject **name;
    CPY_FUNCTIONS(CPY_FIELD)
    CPY_VOID_FUNCTIONS(CPY_VOID_FIELD)
    CPY_OBJECTS(CPY_OBJECT_FIELD)
    CPY_EXCEPTIONS(CPY_EXCEPTION_FIELD)
#undef CPY_FIELD
#undef CPY_VOID_FIELD
#undef CPY_OBJECT_FIELD
#undef CPY_EXCEPTION_FIELD
} CPyAPI;

/// The loaded functions; all NULL until `cpy_library_load` succeeds.
extern CPyAPI cpy_api;

/// Opens `path` (RTLD_NOW | RTLD_GLOBAL: extension modules resolve their Python symbols through
/// it) and resolves every symbol above. Returns 1, or 0 with a message in `error` (the dlerror
/// text, or the first symbol missing). Once per process: a second call with a loaded library
/// fails.
int cpy_library_load(const char *path, char *error, size_t error_size);

// The API functions, as the Python headers name them.
#define CPY_WRAPPER(ret, name, params, args) static inline ret name params { return cpy_api.name args; }
#define CPY_VOID_WRAPPER(name, params, args) static inline void name params { cpy_api.name args; }
CPY_FUNCTIONS(CPY_WRAPPER)
CPY_VOID_FUNCTIONS(CPY_VOID_WRAPPER)
#undef CPY_WRAPPER
#undef CPY_VOID_WRAPPER

// Exceptions and singletons (variables and macros in the Python headers).
#define CPY_EXCEPTION_ACCESSOR(name) static inline PyObject *cpy_##name(void) { return *cpy_api.name; }
CPY_EXCEPTIONS(CPY_EXCEPTION_ACCESSOR)
#undef CPY_EXCEPTION_ACCESSOR

static inline PyObject *cpy_none(void) { return cpy_api._Py_NoneStruct; }
static inline PyObject *cpy_true(void) { return cpy_api._Py_TrueStruct; }
static inline PyObject *cpy_false(void) { return cpy_api._Py_FalseStruct; }
static inline PyObject *cpy_not_implemented(void) { return cpy_api._Py_NotImplementedStruct; }

// Macros of the headers, over the object head.
static inline PyTypeObject *Py_TYPE(PyObject *o) { return o->ob_type; }
static inline Py_ssize_t Py_REFCNT(PyObject *o) { return o->ob_refcnt; }

static inline int cpy_has_flag(PyObject *o, unsigned long flag) { return (PyType_GetFlags(Py_TYPE(o)) & flag) != 0; }
static inline int cpy_unicode_check(PyObject *o) { return cpy_has_flag(o, Py_TPFLAGS_UNICODE_SUBCLASS); }
static inline int cpy_long_check(PyObject *o) { return cpy_has_flag(o, Py_TPFLAGS_LONG_SUBCLASS); }
static inline int cpy_list_check(PyObject *o) { return cpy_has_flag(o, Py_TPFLAGS_LIST_SUBCLASS); }
static inline int cpy_tuple_check(PyObject *o) { return cpy_has_flag(o, Py_TPFLAGS_TUPLE_SUBCLASS); }
static inline int cpy_dict_check(PyObject *o) { return cpy_has_flag(o, Py_TPFLAGS_DICT_SUBCLASS); }
static inline int cpy_bytes_check(PyObject *o) { return cpy_has_flag(o, Py_TPFLAGS_BYTES_SUBCLASS); }
static inline int cpy_bool_check(PyObject *o) { return (PyObject *)Py_TYPE(o) == cpy_api.PyBool_Type; }
static inline int cpy_float_check(PyObject *o) {
    PyTypeObject *floatType = (PyTypeObject *)cpy_api.PyFloat_Type;
    return Py_TYPE(o) == floatType || PyType_IsSubtype(Py_TYPE(o), floatType);
}

static inline PyObject *cpy_tuple_get_item(PyObject *t, Py_ssize_t i) { return PyTuple_GetItem(t, i); }
// PyVectorcall_NARGS: the high bit of the count is PY_VECTORCALL_ARGUMENTS_OFFSET.
static inline Py_ssize_t cpy_vectorcall_nargs(size_t n) { return (Py_ssize_t)(n & ~((size_t)1 << (8 * sizeof(size_t) - 1))); }

// The object layout of every native type the host defines: the Python head followed by one
// pointer to storage owned by Swift.
typedef struct {
    PyObject ob_base;
    void *payload;
} CogHostNativeObject;

static inline void *cpy_native_payload(PyObject *o) { return ((CogHostNativeObject *)o)->payload; }
static inline void cpy_native_set_payload(PyObject *o, void *p) { ((CogHostNativeObject *)o)->payload = p; }
static inline int cpy_native_basicsize(void) { return (int)sizeof(CogHostNativeObject); }

static inline void cpy_type_free(PyObject *o) {
    void (*free_function)(void *) = (void (*)(void *))PyType_GetSlot(Py_TYPE(o), Py_tp_free);
    free_function(o);
}

static inline unsigned long cpy_tpflags_default(void) { return Py_TPFLAGS_DEFAULT; }
static inline unsigned long cpy_tpflags_immutable(void) { return Py_TPFLAGS_IMMUTABLETYPE; }

#endif
