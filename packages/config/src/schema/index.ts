export { floatField, intField, numberFieldInfo, type NumberBounds, type NumberFieldInfo } from './number-field.js';
export { freeFormObject, freeFormValue, markFloatLiteral, isFloatLiteral } from './free-form-object.js';
export { templateField, templateSyntaxProblem } from './template-field.js';
export { isScalar, scalarListField } from './scalar-value.js';
