// Loads libpython at run time: dlopen once, then every symbol CPython.h lists into `cpy_api`.
#include "CPython.h"

#include <dlfcn.h>
#include <stdio.h>

CPyAPI cpy_api;
static void *cpy_library_handle;

int cpy_library_load(const char *path, char *error, size_t error_size) {
    if (cpy_library_handle != NULL) {
        snprintf(error, error_size, "a libpython is already loaded in this process");
        return 0;
    }
    void *handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, error_size, "%s", reason != NULL ? reason : "dlopen failed");
        return 0;
    }
    CPyAPI loaded;
    void *symbol;
#define CPY_RESOLVE(name) \
    symbol = dlsym(handle, #name); \
    if (symbol == NULL) { \
        snprintf(error, error_size, "%s has no symbol %s", path, #name); \
        dlclose(handle); \
        return 0; \
    }
#define CPY_LOAD_FUNCTION(ret, name, params, args) CPY_RESOLVE(name) loaded.name = (ret (*) params)symbol;
#define CPY_LOAD_VOID_FUNCTION(name, params, args) CPY_RESOLVE(name) loaded.name = (void (*) params)symbol;
#define CPY_LOAD_OBJECT(name) CPY_RESOLVE(name) loaded.name = (PyObject *)symbol;
#define CPY_LOAD_EXCEPTION(name) CPY_RESOLVE(name) loaded.name = (PyObject **)symbol;
    CPY_FUNCTIONS(CPY_LOAD_FUNCTION)
    CPY_VOID_FUNCTIONS(CPY_LOAD_VOID_FUNCTION)
    CPY_OBJECTS(CPY_LOAD_OBJECT)
    CPY_EXCEPTIONS(CPY_LOAD_EXCEPTION)
#undef CPY_RESOLVE
#undef CPY_LOAD_FUNCTION
#undef CPY_LOAD_VOID_FUNCTION
#undef CPY_LOAD_OBJECT
#undef CPY_LOAD_EXCEPTION
    cpy_api = loaded;
    cpy_library_handle = handle;
    return 1;
}
